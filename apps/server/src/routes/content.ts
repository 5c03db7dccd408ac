import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { contentRuntimePlugin } from '../content/runtime';
import { wsRoutes } from '../ws';
import { collectionRoutes } from './collections';
import { demoStoreRoutes } from './demo-store';
import { echoRoutes } from './echo';
import { environmentRoutes } from './environments';
import { executeRoutes } from './execute';
import { historyRoutes } from './history';
import { itemRoutes } from './items';
import { runRoutes } from './runs';

/**
 * The server-content area's plugins, in order: the shared runtime (`app.content`) first, then the routes.
 * `routes/index.ts` spreads this list into the app's route list.
 */
export const contentRoutes: FastifyPluginAsync[] = [
  contentRuntimePlugin,
  async (app: FastifyInstance) => {
    await app.register(echoRoutes, { prefix: '/echo' });
    await app.register(demoStoreRoutes, { prefix: '/demo/store' });
  },
  collectionRoutes,
  itemRoutes,
  environmentRoutes,
  executeRoutes,
  runRoutes,
  historyRoutes,
  wsRoutes,
];
