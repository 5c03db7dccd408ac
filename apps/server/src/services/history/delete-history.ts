import { AppError } from '@apiplay/core';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { historyEntries } from '../../db/schema';
import type { BlobStorage } from '../../infra/blob-storage';
import { recordAudit } from '../audit/record-audit';

/** Delete one entry (`entryId`) or every entry of the workspace, with stored bodies. */
export async function deleteHistory(opts: {
  db: DbOrTx;
  storage: BlobStorage;
  workspaceId: string;
  entryId?: string;
  /** Who deleted, and from where (audit trail). */
  actorId: string;
  ip?: string;
}): Promise<number> {
  const rows = await opts.db.transaction(async (tx) => {
    const deleted = await tx
      .delete(historyEntries)
      .where(
        and(
          eq(historyEntries.workspaceId, opts.workspaceId),
          opts.entryId ? eq(historyEntries.id, opts.entryId) : undefined,
        ),
      )
      .returning({ bodyRef: historyEntries.bodyRef });
    if (opts.entryId && deleted.length === 0) {
      throw new AppError('NOT_FOUND', 'History entry not found');
    }
    await recordAudit(tx, {
      action: opts.entryId ? 'history.deleted' : 'history.cleared',
      actorId: opts.actorId,
      workspaceId: opts.workspaceId,
      targetType: 'history',
      ...(opts.entryId ? { targetId: opts.entryId } : {}),
      ip: opts.ip,
      meta: { entries: deleted.length },
    });
    return deleted;
  });
  // Stored bodies go once the rows are gone for good.
  for (const row of rows) {
    if (row.bodyRef) {
      await opts.storage.delete(row.bodyRef);
    }
  }
  return rows.length;
}
