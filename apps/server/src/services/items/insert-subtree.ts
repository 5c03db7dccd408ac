import { randomUUID } from 'node:crypto';
import type { TItem } from '@apiplay/core';
import { generateNKeysBetween } from 'fractional-indexing';
import type { DbOrTx } from '../../db/client';
import { collectionItems } from '../../db/schema';
import { itemToData } from './item-doc';
import { assertNestingDepth, folderHeight } from './tree';

type NewRow = typeof collectionItems.$inferInsert;

/**
 * Store a list of trees (an import, a deep duplicate) under `parentId`, after `afterKey` and before `beforeKey`.
 * Every item gets a new id; rows go in batches (one round trip per 1,000 rows).
 * Returns the ids of the top-level items in order.
 */
export async function insertSubtree(
  db: DbOrTx,
  opts: {
    collectionId: string;
    workspaceId: string;
    parentId: string | null;
    items: readonly TItem[];
    userId: string | null;
    afterKey?: string | null;
    beforeKey?: string | null;
    /** Named when the trees nest too deep (400). */
    field?: string;
  },
): Promise<string[]> {
  await assertNestingDepth(db, {
    collectionId: opts.collectionId,
    parentId: opts.parentId,
    height: folderHeight(opts.items),
    field: opts.field ?? 'body.items',
  });
  const rows: NewRow[] = [];
  const now = new Date();
  function walk(
    items: readonly TItem[],
    parentId: string | null,
    after: string | null,
    before: string | null,
  ): string[] {
    const keys = generateNKeysBetween(after, before, items.length);
    return items.map((item, i) => {
      const id = randomUUID();
      rows.push({
        id,
        collectionId: opts.collectionId,
        workspaceId: opts.workspaceId,
        parentId,
        type: item.type,
        name: item.name,
        sortKey: keys[i] ?? '',
        data: itemToData(item),
        createdBy: opts.userId,
        updatedBy: opts.userId,
        createdAt: now,
        updatedAt: now,
      });
      if (item.type === 'folder') {
        walk(item.items, id, null, null);
      }
      return id;
    });
  }
  const top = walk(opts.items, opts.parentId, opts.afterKey ?? null, opts.beforeKey ?? null);
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insert(collectionItems).values(rows.slice(i, i + 1000));
  }
  return top;
}
