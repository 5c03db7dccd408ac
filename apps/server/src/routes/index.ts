import type { FastifyPluginAsync } from 'fastify';

/**
 * Every route plugin, registered in this order by buildApp. One line per resource; each plugin declares full
 * paths (`/api/...`) and `config.access` on every route (see plugins/auth.ts).
 */
export const routes: FastifyPluginAsync[] = [];
