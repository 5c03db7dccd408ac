import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../context';
import { createSsrfPolicy, type SsrfPolicy } from '../services/execution/ssrf';
import { createSecretBox, type SecretBox } from '../services/secrets';
import { type BlobStorage, createLocalBlobStorage } from '../services/storage/blob-storage';
import { createLocalEventBus, createRedisEventBus, type EventBus } from '../ws/event-bus';

/**
 * What the content routes (collections, environments, history, execution, runs, jobs, live events) share on
 * top of the foundation's AppContext. Built once per app; closed with it.
 */
export interface ContentRuntime {
  events: EventBus;
  secretBox: SecretBox;
  ssrf: SsrfPolicy;
  storage: BlobStorage;
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    content: ContentRuntime;
  }
}

export async function createContentRuntime(
  ctx: AppContext,
  log?: (error: unknown) => void,
): Promise<ContentRuntime> {
  const events = ctx.redis ? await createRedisEventBus(ctx.redis, log) : createLocalEventBus();
  return {
    events,
    secretBox: createSecretBox(ctx.secrets.secretsKey),
    ssrf: createSsrfPolicy({
      allowPrivate: ctx.config.execution.allowPrivate,
      allowedHosts: ctx.config.execution.allowedHosts,
    }),
    storage: createLocalBlobStorage(join(ctx.config.dataDir, 'blobs')),
    async close() {
      await events.close();
    },
  };
}

/** Registered first in the route list; exposes `app.content` to every sibling route plugin. */
export const contentRuntimePlugin = fp(
  async (app: FastifyInstance) => {
    const runtime = await createContentRuntime(app.ctx, (error) =>
      app.log.warn({ err: error }, 'live events'),
    );
    app.decorate('content', runtime);
    app.addHook('onClose', async () => {
      await runtime.close();
    });
  },
  { name: 'content-runtime' },
);
