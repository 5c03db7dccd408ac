import type { TItem, TSnapshotList } from '@apiplay/core';
import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { requestSnapshots } from '../../db/schema';
import { SNAPSHOT_LIMIT } from './save-snapshot';

/** Saved versions of a request, newest first. */
export async function listSnapshots(opts: { db: DbOrTx; itemId: string }): Promise<TSnapshotList> {
  const rows = await opts.db
    .select()
    .from(requestSnapshots)
    .where(eq(requestSnapshots.itemId, opts.itemId))
    .orderBy(desc(requestSnapshots.createdAt), desc(requestSnapshots.id))
    .limit(SNAPSHOT_LIMIT);
  return {
    items: rows.map((r) => ({
      id: r.id,
      itemId: r.itemId,
      name: r.name,
      request: r.data as unknown as TItem,
      createdBy: r.createdBy,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}
