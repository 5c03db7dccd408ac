import type { Redis } from 'ioredis';
import type { DbOrTx } from '../db/client';
import { jobs } from '../db/schema';
import type { EventBus } from '../infra/event-bus';
import type { AppMetrics } from '../infra/telemetry/app-metrics';
import { createJobLifecycle } from './lifecycle';
import { createMemoryQueue } from './memory-queue';
import type { JobQueue } from './types';

export * from './types';

/**
 * The app's queue: BullMQ when Redis is configured, else in-process. Every enqueue first writes the job's status
 * row so `GET /api/jobs/:id` answers at once, whichever process runs it.
 */
export async function createJobQueue(opts: {
  db: DbOrTx;
  events: EventBus;
  redis: Redis | null;
  /** Where the details of unexpected job failures go (callers only see a generic message). */
  log?: (error: unknown, where: string) => void;
  metrics?: AppMetrics;
}): Promise<JobQueue> {
  const lifecycle = createJobLifecycle(opts.db, opts.events, opts.log, opts.metrics);
  // BullMQ is loaded only with Redis: embedded mode never pays for its import (≈0.1–0.2 s of boot).
  let main: JobQueue;
  let load: JobQueue;
  if (opts.redis) {
    const { createBullmqQueue, LOAD_QUEUE_NAME } = await import('./bullmq-queue');
    main = createBullmqQueue(opts.redis, lifecycle);
    // A load part runs for the run's whole duration: a longer lock, renewed while it runs.
    load = createBullmqQueue(opts.redis, lifecycle, { queueName: LOAD_QUEUE_NAME, concurrency: 1 });
  } else {
    main = createMemoryQueue(lifecycle);
    load = createMemoryQueue(lifecycle, { concurrency: 1 });
  }
  const inner = routeLoadJobs(main, load);
  return {
    ...inner,
    kind: inner.kind,
    async enqueue(input, enqueueOpts = {}) {
      inner.assertAvailable?.();
      const [row] = await opts.db
        .insert(jobs)
        .values({
          ...(enqueueOpts.jobId ? { id: enqueueOpts.jobId } : {}),
          workspaceId: input.workspaceId,
          userId: input.userId,
          type: input.type,
        })
        .returning({ id: jobs.id });
      if (!row) {
        throw new Error('job insert returned nothing');
      }
      return inner.enqueue(input, { jobId: row.id });
    },
  };
}

/** One `JobQueue` over two: load parts go to their own queue (one part per process at a time), the rest to `main`. */
function routeLoadJobs(main: JobQueue, load: JobQueue): JobQueue {
  return {
    kind: main.kind,
    assertAvailable() {
      main.assertAvailable?.();
    },
    enqueue: (input, enqueueOpts) =>
      input.type === 'load' ? load.enqueue(input, enqueueOpts) : main.enqueue(input, enqueueOpts),
    async startWorker(handlers) {
      await main.startWorker(handlers);
      await load.startWorker(handlers);
    },
    schedule: (type, everyMs) => main.schedule(type, everyMs),
    async counts() {
      const [a, b] = await Promise.all([main.counts(), load.counts()]);
      return { waiting: a.waiting + b.waiting, active: a.active + b.active, delayed: a.delayed + b.delayed };
    },
    async drain() {
      await Promise.all([main.drain(), load.drain()]);
    },
    async close() {
      await Promise.all([main.close(), load.close()]);
    },
  };
}
