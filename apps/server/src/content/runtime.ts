import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../context';
import { createJobQueue, type JobQueue } from '../jobs';
import { createJobHandlers } from '../jobs/handlers';
import { createGlobalsCache } from '../services/environments/globals-cache';
import type { ExecutionDeps } from '../services/execute/execute-request';
import { createScriptExecutor } from '../services/execution/script-executor';
import { createServerTransport } from '../services/execution/server-transport';
import { createSsrfPolicy, type SsrfPolicy } from '../services/execution/ssrf';
import { createHistoryWriter } from '../services/history/history-writer';
import { resumeInterruptedRuns } from '../services/runs/resume-interrupted-runs';
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
  /** What executions (direct, queued, runs) need: db, secrets, storage, the script executor (transport, pool). */
  execution: ExecutionDeps;
  jobs: JobQueue;
  /** Start processing jobs in this process (embedded mode, RUN_WORKER_IN_PROCESS, or the worker process). */
  startWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A script worker silent this long is terminated and replaced: the engine's per-script time limit (5 s, which
 * QuickJS's interrupt enforces) plus a grace period for what the interrupt cannot reach, generous enough for a
 * worker starved of CPU on a loaded machine (workers run at a lower priority than the main thread).
 */
const SCRIPT_STALL_MS = 5000 + 5000;

/** How often the history retention cleanup runs. */
const CLEANUP_EVERY_MS = 60 * 60 * 1000;

declare module 'fastify' {
  interface FastifyInstance {
    content: ContentRuntime;
  }
}

export async function createContentRuntime(
  ctx: AppContext,
  log?: (error: unknown, where: string) => void,
): Promise<ContentRuntime> {
  const events = ctx.redis
    ? await createRedisEventBus(ctx.redis, (error) => log?.(error, 'live events'))
    : createLocalEventBus();
  const secretBox = createSecretBox(ctx.secrets.secretsKey);
  const ssrf = createSsrfPolicy({
    allowPrivate: ctx.config.execution.allowPrivate,
    allowedHosts: ctx.config.execution.allowedHosts,
  });
  const storage = createLocalBlobStorage(join(ctx.config.dataDir, 'blobs'));
  const transport = createServerTransport({ policy: ssrf, timeoutMs: ctx.config.execution.timeoutMs });
  const globals = createGlobalsCache(ctx.db, secretBox, events);
  // QuickJS and the sandbox libraries load only when a request actually has scripts.
  const createScriptEngine = async () => {
    const { createNodeScriptEngine } = await import('@apiplay/core/node');
    return createNodeScriptEngine();
  };
  const scripts = createScriptExecutor({
    workers: ctx.config.scripts.workers,
    perUser: ctx.config.scripts.perUser,
    rateLimiter: ctx.rateLimiter,
    transport,
    createScriptEngine,
    workerData: {
      policy: {
        allowPrivate: ctx.config.execution.allowPrivate,
        allowedHosts: ctx.config.execution.allowedHosts,
      },
      timeoutMs: ctx.config.execution.timeoutMs,
    },
    stallMs: SCRIPT_STALL_MS,
    log: (message) => log?.(new Error(message), 'script pool'),
  });
  const execution: ExecutionDeps = {
    globals: (workspaceId) => globals.get(workspaceId),
    db: ctx.db,
    box: secretBox,
    events,
    storage,
    historyInlineMax: ctx.config.historyBodyInlineMax,
    history: createHistoryWriter(ctx.db, (error) => log?.(error, 'history writer')),
    scripts,
  };
  const jobs = await createJobQueue({ db: ctx.db, events, redis: ctx.redis });
  let working = false;
  return {
    events,
    secretBox,
    ssrf,
    storage,
    execution,
    jobs,
    async startWorker() {
      if (working) {
        return;
      }
      working = true;
      await jobs.startWorker(createJobHandlers({ ...execution, events }));
      await jobs.schedule('history-cleanup', CLEANUP_EVERY_MS);
      if (jobs.kind === 'memory') {
        await resumeInterruptedRuns({ db: ctx.db, jobs, events });
      }
    },
    async close() {
      globals.close();
      await jobs.close();
      await execution.history.flush().catch(() => undefined);
      await events.close();
      await scripts.close();
      await transport.close();
    },
  };
}

/** Registered first in the route list; exposes `app.content` to every sibling route plugin. */
export const contentRuntimePlugin = fp(
  async (app: FastifyInstance) => {
    const runtime = await createContentRuntime(app.ctx, (error, where) =>
      app.log.warn({ err: error }, where),
    );
    app.decorate('content', runtime);
    if (app.ctx.config.runWorkerInProcess) {
      await runtime.startWorker();
    }
    app.addHook('onClose', async () => {
      await runtime.close();
    });
  },
  { name: 'content-runtime' },
);
