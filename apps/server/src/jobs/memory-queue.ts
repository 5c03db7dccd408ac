import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { inJobSpan } from '../infra/telemetry/tracing';
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

/**
 * In-process queue for embedded mode: jobs run in this process with bounded concurrency and retries with
 * exponential backoff. Jobs do not survive a restart on their own; the run service re-queues interrupted runs
 * at boot (see `resumeInterruptedRuns`).
 */
export function createMemoryQueue(lifecycle: JobLifecycle, opts: { concurrency?: number } = {}): JobQueue {
  const concurrency = opts.concurrency ?? 4;
  const waiting: JobContext[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let handlers: JobHandlers | null = null;
  let active = 0;
  let closed = false;
  // Aborted by close(): a run in progress stops after its step in flight and is left for the next boot.
  const shutdown = new AbortController();
  let idle: (() => void)[] = [];

  function settleIdle(): void {
    if (active === 0 && waiting.length === 0) {
      const waiters = idle;
      idle = [];
      for (const w of waiters) {
        w();
      }
    }
  }

  async function runOne(job: JobContext): Promise<void> {
    const handler = handlers?.[job.type];
    if (!handler) {
      return;
    }
    await lifecycle.started(job);
    try {
      const result = await inJobSpan(job, () => handler({ ...job, shutdown: shutdown.signal }));
      await lifecycle.completed(job, result);
    } catch (error) {
      if (error instanceof JobHandedBack) {
        // The run is `queued` with its steps recorded: resumeInterruptedRuns queues it at the next start.
        await lifecycle.handedBack(job);
        return;
      }
      const err = error instanceof Error ? error : new Error(String(error));
      const final = err instanceof PermanentJobError || job.attempt >= RETRY.attempts || closed;
      await lifecycle.failed(job, err, final);
      if (!final) {
        await sleep(RETRY.backoffMs * 2 ** (job.attempt - 1));
        waiting.push({ ...job, attempt: job.attempt + 1 });
      }
    }
  }

  function pump(): void {
    while (handlers && !closed && active < concurrency && waiting.length > 0) {
      const job = waiting.shift();
      if (!job) {
        break;
      }
      active += 1;
      runOne(job)
        .catch(() => undefined)
        .finally(() => {
          active -= 1;
          pump();
          settleIdle();
        });
    }
    settleIdle();
  }

  return {
    kind: 'memory',
    async enqueue(input: JobInput, enqueueOpts = {}) {
      const id = enqueueOpts.jobId ?? randomUUID();
      waiting.push({ ...input, id, attempt: 1, enqueuedAt: Date.now() });
      queueMicrotask(pump);
      return id;
    },
    async startWorker(h) {
      handlers = h;
      pump();
    },
    async schedule(type: JobType, everyMs: number) {
      const timer = setInterval(() => {
        waiting.push({
          type,
          workspaceId: null,
          userId: null,
          payload: {},
          id: randomUUID(),
          attempt: 1,
          enqueuedAt: Date.now(),
        });
        pump();
      }, everyMs);
      timer.unref();
      timers.add(timer);
    },
    async counts() {
      return { waiting: waiting.length, active, delayed: 0 };
    },
    drain() {
      return new Promise((resolve) => {
        idle.push(resolve);
        settleIdle();
      });
    },
    async close() {
      closed = true;
      shutdown.abort();
      for (const t of timers) {
        clearInterval(t);
      }
      waiting.length = 0;
      // Let running jobs finish (they hold the database) before the app closes it.
      await new Promise<void>((resolve) => {
        idle.push(resolve);
        settleIdle();
      });
    },
  };
}
