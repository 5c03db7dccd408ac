import type { AppContext } from '../context';
import { heartbeatKey, workerAlive } from '../infra/worker-heartbeat';
import type { Readiness } from './readiness';

const probeBytes = Buffer.from('apiplay readiness probe');

/**
 * What `/readyz` checks, by component: `database` (a query), `redis` (PING, when configured), `queue` (with BullMQ,
 * a worker heartbeat within 30 s — workers may be separate processes; the in-process queue is this process) and
 * `storage` (write, read back and delete a small blob).
 */
export function registerReadinessChecks(readiness: Readiness, ctx: AppContext): void {
  readiness.register('database', () => ctx.database.ping());
  // The request path's fail-fast connection: during an outage /readyz answers 503 at once instead of after retries.
  const redis = ctx.requestRedis ?? ctx.redis;
  if (redis !== null) {
    readiness.register('redis', async () => {
      await redis.ping();
    });
  }
  if (ctx.jobs.kind === 'bullmq' && redis !== null) {
    const key = heartbeatKey(ctx.keyPrefix);
    readiness.register('queue', async () => {
      if (!(await workerAlive(redis, key))) {
        throw new Error('no worker heartbeat within 30 s (start `npm run worker` / `apiplay worker`)');
      }
    });
  } else {
    readiness.register('queue', async () => {
      if (!ctx.config.runWorkerInProcess) {
        throw new Error('in-process queue with RUN_WORKER_IN_PROCESS=false: nothing would run its jobs');
      }
    });
  }
  readiness.register('storage', async () => {
    const key = await ctx.storage.put('readyz', probeBytes);
    try {
      const back = await ctx.storage.get(key);
      if (back === null || !probeBytes.equals(back)) {
        throw new Error('storage returned something else than was written');
      }
    } finally {
      await ctx.storage.delete(key);
    }
  });
}
