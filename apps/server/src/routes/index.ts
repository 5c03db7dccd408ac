import type { FastifyPluginAsync } from 'fastify';
import { apiKeyRoutes } from './api-keys';
import { auditRoutes } from './audit';
import { authRoutes } from './auth';
import { codegenRoutes } from './codegen';
import { contentRoutes } from './content';
import { exportRoutes } from './export';
import { importRoutes } from './import';
import { memberRoutes } from './members';
import { workspaceRoutes } from './workspaces';

/**
 * Every route plugin, registered in this order by buildApp. One line per resource; each plugin declares full
 * paths (`/api/...`) and `config.access` on every route (see plugins/auth.ts).
 */
export const routes: FastifyPluginAsync[] = [
  authRoutes,
  apiKeyRoutes,
  workspaceRoutes,
  memberRoutes,
  auditRoutes,
  ...contentRoutes,
  importRoutes,
  exportRoutes,
  codegenRoutes,
];
