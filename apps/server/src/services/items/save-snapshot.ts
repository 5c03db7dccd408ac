import { and, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { requestSnapshots } from '../../db/schema';
import type { ItemRow } from './item-doc';
import { rowToItem } from './item-doc';

/** How many saved versions of a request are kept. */
export const SNAPSHOT_LIMIT = 50;

/** Keep the saved state of a request as a snapshot and prune beyond the last 50. */
export async function saveSnapshot(db: DbOrTx, row: ItemRow, userId: string | null): Promise<void> {
  if (row.type !== 'request') {
    return;
  }
  await db.insert(requestSnapshots).values({
    itemId: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    data: rowToItem(row) as unknown as Record<string, unknown>,
    createdBy: userId,
  });
  const keep = await db
    .select({ id: requestSnapshots.id })
    .from(requestSnapshots)
    .where(eq(requestSnapshots.itemId, row.id))
    .orderBy(desc(requestSnapshots.createdAt), desc(requestSnapshots.id))
    .offset(SNAPSHOT_LIMIT);
  if (keep.length > 0) {
    await db.delete(requestSnapshots).where(
      and(
        eq(requestSnapshots.itemId, row.id),
        inArray(
          requestSnapshots.id,
          keep.map((k) => k.id),
        ),
      ),
    );
  }
}
