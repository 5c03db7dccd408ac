import { AppError, type TJob } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { jobs } from '../../db/schema';

/** A job's status and, once completed, its result. */
export async function getJob(opts: { db: DbOrTx; jobId: string }): Promise<TJob> {
  const [row] = await opts.db.select().from(jobs).where(eq(jobs.id, opts.jobId)).limit(1);
  if (!row) {
    throw new AppError('NOT_FOUND', 'Job not found');
  }
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    attempts: row.attempts,
    result: row.result ?? null,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
