import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { REFRESH_TOKEN_TTL_MS } from '../auth/issue-tokens';

/** How long ended things are kept (days), from config (`SESSION_RETENTION_DAYS`, `JOB_RETENTION_DAYS`, …). */
export interface DataRetention {
  sessionDays: number;
  jobDays: number;
  runDays: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

async function deleted(db: DbOrTx, query: ReturnType<typeof sql>): Promise<number> {
  const result = await db.execute(query);
  return (result as unknown as { rows: unknown[] }).rows.length;
}

/**
 * The scheduled cleanup's second half (history is the first, `cleanupHistory`): deletes what has ended longer ago
 * than its retention —
 * - sessions revoked, or unused past their last refresh token's lifetime, more than `sessionDays` ago (their
 *   refresh tokens go with them; until then a spent token presented again still ends its family as re-use);
 * - access-token blacklist entries whose token has expired (they can never match again);
 * - finished jobs (completed or failed) and finished runs (passed, failed, aborted; their executions cascade).
 * Queued and running jobs and runs are never touched.
 */
export async function pruneExpiredData(opts: {
  db: DbOrTx;
  retention: DataRetention;
  now?: Date;
}): Promise<{ sessions: number; revokedTokens: number; jobs: number; runs: number }> {
  const now = opts.now ?? new Date();
  const sessionCutoff = new Date(now.getTime() - opts.retention.sessionDays * DAY_MS);
  const idleCutoff = new Date(sessionCutoff.getTime() - REFRESH_TOKEN_TTL_MS);
  const jobCutoff = new Date(now.getTime() - opts.retention.jobDays * DAY_MS);
  const runCutoff = new Date(now.getTime() - opts.retention.runDays * DAY_MS);
  const sessions = await deleted(
    opts.db,
    sql`DELETE FROM sessions WHERE (revoked_at IS NOT NULL AND revoked_at < ${sessionCutoff.toISOString()}::timestamptz)
          OR last_used_at < ${idleCutoff.toISOString()}::timestamptz RETURNING id`,
  );
  const revokedTokens = await deleted(
    opts.db,
    sql`DELETE FROM revoked_tokens WHERE expires_at < ${now.toISOString()}::timestamptz RETURNING jti`,
  );
  const jobs = await deleted(
    opts.db,
    sql`DELETE FROM jobs WHERE status IN ('completed', 'failed')
          AND COALESCE(finished_at, created_at) < ${jobCutoff.toISOString()}::timestamptz RETURNING id`,
  );
  const runs = await deleted(
    opts.db,
    sql`DELETE FROM runs WHERE status IN ('passed', 'failed', 'aborted')
          AND COALESCE(finished_at, created_at) < ${runCutoff.toISOString()}::timestamptz RETURNING id`,
  );
  return { sessions, revokedTokens, jobs, runs };
}
