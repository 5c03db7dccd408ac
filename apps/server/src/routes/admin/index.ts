import type { FastifyPluginAsync } from 'fastify';
import { adminInstanceRoutes } from './instance';
import { adminUserRoutes } from './users';

/** `/api/admin/*`: instance administrators only (`access: { kind: 'admin' }`; API keys need the `admin` scope). */
export const adminRoutes: FastifyPluginAsync = async (app) => {
  await app.register(adminUserRoutes);
  await app.register(adminInstanceRoutes);
};
