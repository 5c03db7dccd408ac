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
  const inner = opts.redis
    ? (await import('./bullmq-queue')).createBullmqQueue(opts.redis, lifecycle)
    : createMemoryQueue(lifecycle);
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
