/** Kinds of background work. */
export const jobTypes = ['execute', 'run', 'export', 'history-cleanup', 'load'] as const;
export type JobType = (typeof jobTypes)[number];

export interface JobInput {
  type: JobType;
  workspaceId: string | null;
  userId: string | null;
  payload: Record<string, unknown>;
}

/** A job as a handler sees it. `attempt` starts at 1; retries and stalled-job pick-ups increase it. */
export interface JobContext extends JobInput {
  id: string;
  attempt: number;
  /** When it was queued (ms since the epoch): the wait-time metric. */
  enqueuedAt?: number;
  /** Aborted when this process shuts down: a long job (a run) stops early and throws `JobHandedBack`. */
  shutdown?: AbortSignal;
}

/** Thrown by a handler for failures that retrying cannot fix (bad input, missing rows). */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

/**
 * Thrown by a handler that stopped because the process is shutting down, with its progress saved: the job goes
 * back to the queue (BullMQ: to `wait`, for another worker, without counting an attempt; in-process: left for
 * the next boot) instead of failing.
 */
export class JobHandedBack extends Error {
  override readonly name = 'JobHandedBack';
}

export type JobHandler = (job: JobContext) => Promise<unknown>;
export type JobHandlers = Record<JobType, JobHandler>;

/** What happens around every job: status rows, events. Shared by both queue implementations. */
export interface JobLifecycle {
  started(job: JobContext): Promise<void>;
  completed(job: JobContext, result: unknown): Promise<void>;
  /** `final` = no retry left; the job is failed for good. */
  failed(job: JobContext, error: Error, final: boolean): Promise<void>;
  /** The job was handed back to the queue at shutdown (`JobHandedBack`): it is queued again. */
  handedBack(job: JobContext): Promise<void>;
}

/**
 * One job interface, two implementations: in-process (embedded mode) and BullMQ (REDIS_URL).
 * `enqueue` records the job (status row) and returns its id; `startWorker` begins processing in this process.
 */
export interface JobQueue {
  readonly kind: 'memory' | 'bullmq';
  enqueue(input: JobInput, opts?: { jobId?: string }): Promise<string>;
  /** Throws a 503 at once when the queue's backend (Redis) is known to be unreachable, before anything is written. */
  assertAvailable?(): void;
  startWorker(handlers: JobHandlers): Promise<void>;
  /** A repeatable job (e.g. history cleanup every hour); idempotent across instances. */
  schedule(type: JobType, everyMs: number): Promise<void>;
  /** Jobs waiting, running and delayed (a retry's backoff) — across every process with BullMQ. Metrics. */
  counts(): Promise<{ waiting: number; active: number; delayed: number }>;
  /** Wait until nothing is queued or running (tests, graceful shutdown of embedded mode). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Records a job and queues it; returns its id. What services get instead of the whole queue. */
export type EnqueueJob = JobQueue['enqueue'];

/** Retries for transient failures: attempts and exponential backoff base. */
export const RETRY = { attempts: 3, backoffMs: 500 } as const;
