import { AppError, type TJob } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { jobs } from '../../db/schema';
import type { BlobStorage } from '../../infra/blob-storage';

/** A result that keeps its bulk in blob storage (async exports): `content` is read back from `contentRef`. */
async function readStoredContent(result: unknown, storage: BlobStorage): Promise<unknown> {
  if (typeof result !== 'object' || result === null || !('contentRef' in result)) {
    return result;
  }
  const { contentRef, ...rest } = result;
  if (typeof contentRef !== 'string') {
    return rest;
  }
  const bytes = await storage.get(contentRef);
  if (bytes === null) {
    return { ...rest, expired: true };
  }
  return { ...rest, content: bytes.toString('utf8') };
}

/** A job's status and, once completed, its result. */
export async function getJob(opts: { db: DbOrTx; storage: BlobStorage; jobId: string }): Promise<TJob> {
  const [row] = await opts.db.select().from(jobs).where(eq(jobs.id, opts.jobId)).limit(1);
  if (!row) {
    throw new AppError('NOT_FOUND', 'Job not found');
  }
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    attempts: row.attempts,
    result: row.result === null ? null : await readStoredContent(row.result, opts.storage),
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
