import { and, eq, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { jobs } from '../../db/schema';
import type { BlobStorage } from '../../infra/blob-storage';

/** How long an async export stays downloadable from its job. */
export const EXPORT_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Part of the scheduled cleanup: exports finished more than a day ago leave blob storage; their job keeps the
 * file's description with `expired: true` (GET /api/jobs/:id then has no `content`: export again).
 */
export async function expireExports(opts: {
  db: DbOrTx;
  storage: BlobStorage;
  now?: Date;
}): Promise<{ expired: number }> {
  const cutoff = new Date((opts.now ?? new Date()).getTime() - EXPORT_TTL_MS);
  const rows = await opts.db
    .select({ id: jobs.id, result: jobs.result })
    .from(jobs)
    .where(
      and(
        eq(jobs.type, 'export'),
        eq(jobs.status, 'completed'),
        lt(jobs.finishedAt, cutoff),
        sql`${jobs.result} ? 'contentRef'`,
      ),
    );
  for (const row of rows) {
    const { contentRef, ...rest } = row.result as { contentRef?: unknown };
    if (typeof contentRef === 'string') {
      await opts.storage.delete(contentRef);
    }
    await opts.db
      .update(jobs)
      .set({ result: { ...rest, expired: true } })
      .where(eq(jobs.id, row.id));
  }
  return { expired: rows.length };
}
