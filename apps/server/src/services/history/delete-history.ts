import { AppError } from '@apiplay/core';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { historyEntries } from '../../db/schema';
import type { BlobStorage } from '../../infra/blob-storage';

/** Delete one entry (`entryId`) or every entry of the workspace, with stored bodies. */
export async function deleteHistory(opts: {
  db: DbOrTx;
  storage: BlobStorage;
  workspaceId: string;
  entryId?: string;
}): Promise<number> {
  const rows = await opts.db
    .delete(historyEntries)
    .where(
      and(
        eq(historyEntries.workspaceId, opts.workspaceId),
        opts.entryId ? eq(historyEntries.id, opts.entryId) : undefined,
      ),
    )
    .returning({ bodyRef: historyEntries.bodyRef });
  if (opts.entryId && rows.length === 0) {
    throw new AppError('NOT_FOUND', 'History entry not found');
  }
  for (const row of rows) {
    if (row.bodyRef) {
      await opts.storage.delete(row.bodyRef);
    }
  }
  return rows.length;
}
