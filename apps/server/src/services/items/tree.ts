import { AppError } from '@apiplay/core';
import { and, eq, sql } from 'drizzle-orm';
import { generateKeyBetween } from 'fractional-indexing';
import type { DbOrTx } from '../../db/client';
import { collectionItems, collections } from '../../db/schema';

/** Byte-order comparison (fractional keys must not go through a locale collation). */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sort key for inserting at `position` among siblings (excluding `movingId` itself). */
export async function keyForPosition(
  db: DbOrTx,
  opts: { collectionId: string; parentId: string | null; position?: number | undefined; movingId?: string },
): Promise<string> {
  const rows = await db
    .select({ id: collectionItems.id, sortKey: collectionItems.sortKey, parentId: collectionItems.parentId })
    .from(collectionItems)
    .where(eq(collectionItems.collectionId, opts.collectionId));
  const siblings = rows
    .filter((r) => r.parentId === opts.parentId && r.id !== opts.movingId)
    .map((r) => r.sortKey)
    .sort(compareKeys);
  const position = Math.min(opts.position ?? siblings.length, siblings.length);
  return generateKeyBetween(siblings[position - 1] ?? null, siblings[position] ?? null);
}

/** Checks that `parentId` is a folder of the same collection. */
export async function assertFolderParent(
  db: DbOrTx,
  collectionId: string,
  parentId: string | null,
): Promise<void> {
  if (parentId === null) {
    return;
  }
  const rows = await db
    .select({ type: collectionItems.type })
    .from(collectionItems)
    .where(and(eq(collectionItems.id, parentId), eq(collectionItems.collectionId, collectionId)))
    .limit(1);
  const row = rows[0];
  if (!row) {
    throw new AppError('NOT_FOUND', 'Parent folder not found in this collection');
  }
  if (row.type !== 'folder') {
    throw new AppError('BAD_REQUEST', 'Items can only be placed in folders');
  }
}

/** Record that the collection changed (revision + updatedAt). */
export async function touchCollection(db: DbOrTx, collectionId: string): Promise<void> {
  await db
    .update(collections)
    .set({ revision: sql`${collections.revision} + 1`, updatedAt: new Date() })
    .where(eq(collections.id, collectionId));
}
