import { randomUUID } from 'node:crypto';
import { AppError } from '@apiplay/core';
import { type Job, Queue, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { closeRedis } from '../infra/redis-clients';
import { inJobSpan } from '../infra/telemetry/tracing';
import { HANDBACK_GRACE_MS } from '../services/runs/execute-run';
import {
  type JobContext,
  JobHandedBack,
  type JobHandlers,
  type JobInput,
  type JobLifecycle,
  type JobQueue,
  type JobType,
  PermanentJobError,
  RETRY,
} from './types';

export const QUEUE_NAME = 'apiplay-jobs';
/**
 * Load parts: one at a time per worker process (concurrency 1), so the parts of one load run land on different
 * workers and a part never shares its process's CPU with another load generator.
 */
export const LOAD_QUEUE_NAME = 'apiplay-load';

type Data = Omit<JobInput, 'type'>;

/**
 * BullMQ on Redis (server mode): any number of worker processes; retries with exponential backoff; a worker
 * that dies mid-job loses its lock and the job is picked up again (stalled-job handling), up to
 * `maxStalledCount` times before it fails for good.
 */
export function createBullmqQueue(
  redis: Redis,
  lifecycle: JobLifecycle,
  opts: {
    /** Default `QUEUE_NAME`; load parts have a queue of their own (`LOAD_QUEUE_NAME`). */
    queueName?: string;
    concurrency?: number;
    lockDurationMs?: number;
    stalledIntervalMs?: number;
  } = {},
): JobQueue {
  const queueName = opts.queueName ?? QUEUE_NAME;
  // BullMQ needs its own connections; blocking commands must not share the app's client.
  const connection = redis.duplicate({ maxRetriesPerRequest: null });
  const queue = new Queue<Data, unknown, JobType>(queueName, { connection });
  // Down from a lost connection until it is ready again (ioredis passes through 'connecting' while retrying).
  let down = false;
  connection.on('close', () => {
    down = true;
  });
  connection.on('ready', () => {
    down = false;
  });
  let worker: Worker<Data, unknown, JobType> | null = null;
  // Aborted by close(): active runs stop after their step in flight and are handed back (not waited for).
  const shutdown = new AbortController();
  const workerConnection = redis.duplicate({ maxRetriesPerRequest: null });
  // Short lock, renewed every half lock: a dead worker's job is picked up again within ~15 s.
  const lockDuration = opts.lockDurationMs ?? 10_000;
  const maxStalledCount = 2;

  const toContext = (job: Job<Data, unknown, JobType>): JobContext => ({
    id: job.id ?? '',
    type: job.name,
    workspaceId: job.data.workspaceId,
    userId: job.data.userId,
    payload: job.data.payload,
    attempt: job.attemptsMade + 1,
    enqueuedAt: job.timestamp,
  });

  return {
    kind: 'bullmq',
    assertAvailable() {
      // While Redis is away BullMQ would wait for it (no retry limit on its connections): answer 503 instead.
      if (down) {
        throw new AppError('SERVICE_UNAVAILABLE', 'Redis is unavailable (job queue); try again shortly');
      }
    },
    async enqueue(input, enqueueOpts = {}) {
      const id = enqueueOpts.jobId ?? randomUUID();
      await queue.add(
        input.type,
        { workspaceId: input.workspaceId, userId: input.userId, payload: input.payload },
        {
          jobId: id,
          attempts: RETRY.attempts,
          backoff: { type: 'exponential', delay: RETRY.backoffMs },
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      );
      return id;
    },
    async startWorker(handlers: JobHandlers) {
      worker = new Worker<Data, unknown, JobType>(
        queueName,
        async (job, token) => {
          const ctx: JobContext = { ...toContext(job), shutdown: shutdown.signal };
          await lifecycle.started(ctx);
          try {
            const result = await inJobSpan(ctx, () => handlers[ctx.type](ctx));
            await lifecycle.completed(ctx, result);
            return result;
          } catch (error) {
            if (error instanceof JobHandedBack) {
              // Back to `wait` under this worker's lock, without counting an attempt: another worker takes it.
              await lifecycle.handedBack(ctx);
              await job.moveToWait(token);
              throw new WaitingError();
            }
            const err = error instanceof Error ? error : new Error(String(error));
            const permanent = err instanceof PermanentJobError;
            await lifecycle.failed(ctx, err, permanent || ctx.attempt >= RETRY.attempts);
            throw permanent ? new UnrecoverableError(err.message) : err;
          }
        },
        {
          connection: workerConnection,
          concurrency: opts.concurrency ?? 4,
          lockDuration,
          stalledInterval: opts.stalledIntervalMs ?? 5_000,
          maxStalledCount,
        },
      );
      // A job that stalled too often never reaches the processor again: record why it failed.
      worker.on('failed', (job, error) => {
        if (job && /stalled/i.test(error.message)) {
          lifecycle.failed(toContext(job), error, true).catch(() => undefined);
        }
      });
      await worker.waitUntilReady();
    },
    async schedule(type, everyMs) {
      await queue.upsertJobScheduler(
        type,
        { every: everyMs },
        {
          name: type,
          data: { workspaceId: null, userId: null, payload: {} },
        },
      );
    },
    async counts() {
      const c = await queue.getJobCounts('waiting', 'active', 'delayed');
      return { waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0 };
    },
    async drain() {
      for (;;) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed');
        if ((counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0) === 0) {
          return;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      shutdown.abort();
      // BullMQ's close waits for its connections to be ready; after a Redis outage they may sit in a reconnect
      // backoff (up to 20 s each). A run in flight is handed back by `shutdown` (the step in flight gets
      // HANDBACK_GRACE_MS); past that, stop waiting and drop the connections.
      const ready = connection.status === 'ready' && workerConnection.status === 'ready';
      await settledWithin(worker?.close() ?? Promise.resolve(), ready ? HANDBACK_GRACE_MS + 2_000 : 1_000);
      await settledWithin(queue.close(), ready ? 2_000 : 1_000);
      await closeRedis(connection);
      await closeRedis(workerConnection);
    },
  };
}

/** Waits for `promise` to settle, or `ms`, whichever comes first (a rejection is not an error here). */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise.catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}
