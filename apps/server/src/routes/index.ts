import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { wsRoutes } from '../ws';
import { adminRoutes } from './admin';
import { adminMailRoutes } from './admin-mail';
import { apiKeyRoutes } from './api-keys';
import { auditRoutes } from './audit';
import { authRoutes } from './auth';
import { codegenRoutes } from './codegen';
import { collectionRoutes } from './collections';
import { demoStoreRoutes } from './demo-store';
import { echoRoutes } from './echo';
import { environmentRoutes } from './environments';
import { executeRoutes } from './execute';
import { exportRoutes } from './export';
import { fileRoutes } from './files';
import { historyRoutes } from './history';
import { importRoutes } from './import';
import { insightRoutes } from './insights';
import { itemRoutes } from './items';
import { loadRunRoutes } from './load-runs';
import { memberRoutes } from './members';
import { oauth2CallbackRoutes } from './oauth2';
import { runRoutes } from './runs';
import { settingsRoutes } from './settings';
import { workspaceRoutes } from './workspaces';

/**
 * Every route plugin, registered in this order by buildApp. One line per resource; each plugin declares full
 * paths (`/api/...`) and `config.access` on every route (see plugins/auth.ts). Everything they share is `app.ctx`.
 */
export const routes: FastifyPluginAsync[] = [
  authRoutes,
  apiKeyRoutes,
  workspaceRoutes,
  memberRoutes,
  auditRoutes,
  adminRoutes,
  adminMailRoutes,
  settingsRoutes,
  oauth2CallbackRoutes,
  async (app: FastifyInstance) => {
    await app.register(echoRoutes, { prefix: '/echo' });
    await app.register(demoStoreRoutes, { prefix: '/demo/store' });
  },
  collectionRoutes,
  itemRoutes,
  environmentRoutes,
  executeRoutes,
  runRoutes,
  loadRunRoutes,
  historyRoutes,
  insightRoutes,
  wsRoutes,
  importRoutes,
  exportRoutes,
  fileRoutes,
  codegenRoutes,
];
