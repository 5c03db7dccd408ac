import { isAppError } from '@apiplay/core';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { jobs } from '../db/schema';
import type { EventBus } from '../infra/event-bus';
import type { AppMetrics } from '../infra/telemetry/app-metrics';
import { storableText } from '../lib/storable-text';
import { failRun } from '../services/runs/fail-run';
import { type JobLifecycle, PermanentJobError } from './types';

/**
 * What a failed job tells its caller (GET /api/jobs/:id, the run's reason, the live event). Our own errors are
 * written for users (AppError: code and message; PermanentJobError: message); anything else — a database error
 * carries its SQL and parameters, a library error its internals — becomes a generic message with a code, and
 * the details go to the log only.
 */
export function publicJobError(error: Error): string {
  if (isAppError(error)) {
    return storableText(`${error.code}: ${error.message}`);
  }
  if (error instanceof PermanentJobError) {
    return storableText(error.message);
  }
  return 'INTERNAL: the job failed unexpectedly; the details are in the server log';
}

/** Bounded so a huge execution result does not bloat the jobs table (the history entry has it all). */
const MAX_RESULT_CHARS = 1024 * 1024;

function boundResult(result: unknown): unknown {
  const text = JSON.stringify(result ?? null);
  return text.length <= MAX_RESULT_CHARS
    ? result
    : { truncated: true, note: 'result too large; see history' };
}

/** Keeps `jobs` rows (GET /api/jobs/:id) in step with the queue and announces finished jobs. */
export function createJobLifecycle(
  db: DbOrTx,
  events: EventBus,
  log?: (error: unknown, where: string) => void,
  metrics?: AppMetrics,
): JobLifecycle {
  // When each attempt running in this process started (its duration metric).
  const startedAt = new Map<string, number>();
  const ended = (job: { id: string; type: string }, outcome: string) => {
    const t0 = startedAt.get(job.id);
    startedAt.delete(job.id);
    metrics?.jobsFinished.inc({ type: job.type, outcome });
    if (t0 !== undefined) {
      metrics?.jobDuration.observe({ type: job.type }, (performance.now() - t0) / 1000);
    }
  };
  return {
    async started(job) {
      startedAt.set(job.id, performance.now());
      if (job.enqueuedAt !== undefined && job.attempt === 1) {
        metrics?.jobWait.observe({ type: job.type }, Math.max(0, Date.now() - job.enqueuedAt) / 1000);
      }
      await db
        .update(jobs)
        .set({ status: 'running', attempts: sql`greatest(${jobs.attempts}, ${job.attempt})` })
        .where(eq(jobs.id, job.id));
    },
    async completed(job, result) {
      ended(job, 'completed');
      await db
        .update(jobs)
        .set({ status: 'completed', result: boundResult(result), error: null, finishedAt: new Date() })
        .where(eq(jobs.id, job.id));
      if (job.workspaceId) {
        events.publish({
          type: 'job.finished',
          workspaceId: job.workspaceId,
          actorId: job.userId,
          data: { jobId: job.id, jobType: job.type, status: 'completed' },
        });
      }
    },
    async handedBack(job) {
      ended(job, 'handed_back');
      await db.update(jobs).set({ status: 'queued' }).where(eq(jobs.id, job.id));
    },
    async failed(job, error, final) {
      ended(job, final ? 'failed' : 'retried');
      const message = publicJobError(error);
      if (!isAppError(error) && !(error instanceof PermanentJobError)) {
        log?.(error, `job ${job.id} (${job.type}) failed`);
      }
      await db
        .update(jobs)
        .set(
          final
            ? { status: 'failed', error: message, finishedAt: new Date() }
            : { status: 'queued', error: message },
        )
        .where(eq(jobs.id, job.id));
      if (final && job.type === 'run' && typeof job.payload.runId === 'string') {
        // Also covers jobs BullMQ gave up on as stalled (the handler never saw them fail).
        await failRun({ db, events, runId: job.payload.runId, reason: `Run failed: ${message}` });
      }
      if (final && job.workspaceId) {
        events.publish({
          type: 'job.finished',
          workspaceId: job.workspaceId,
          actorId: job.userId,
          data: { jobId: job.id, jobType: job.type, status: 'failed', error: message },
        });
      }
    },
  };
}
