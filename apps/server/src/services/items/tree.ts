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

/**
 * Folders nest at most this deep. Reads, exports, duplicates and runs walk the tree recursively; a chain thousands
 * deep (built with a few moves) made every one of them fail.
 */
export const MAX_FOLDER_DEPTH = 64;

function tooDeep(field: string): AppError {
  const message = `folders nest at most ${MAX_FOLDER_DEPTH} levels deep`;
  return new AppError('VALIDATION_FAILED', `${field}: ${message}`, { issues: [{ field, message }] });
}

interface Nested {
  type: string;
  items?: readonly Nested[];
}

/** Levels of folders in a list of trees (0 when it holds only requests). Iterative: any depth is safe. */
export function folderHeight(items: readonly Nested[]): number {
  let height = 0;
  const stack: { items: readonly Nested[]; depth: number }[] = [{ items, depth: 0 }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    for (const item of top.items) {
      if (item.type === 'folder') {
        height = Math.max(height, top.depth + 1);
        if (height > MAX_FOLDER_DEPTH) {
          return height;
        }
        stack.push({ items: item.items ?? [], depth: top.depth + 1 });
      }
    }
  }
  return height;
}

/** Refuses (400 naming `field`) trees with more than MAX_FOLDER_DEPTH levels of folders, before anything recurses. */
export function assertTreeHeight(items: readonly Nested[], field: string): void {
  if (folderHeight(items) > MAX_FOLDER_DEPTH) {
    throw tooDeep(field);
  }
}

/** Levels of folders from the collection root down to `parentId` inclusive (0 for the root). */
export function depthBelow(parentOf: ReadonlyMap<string, string | null>, parentId: string | null): number {
  let depth = 0;
  for (let at = parentId; at !== null && at !== undefined; at = parentOf.get(at) ?? null) {
    depth += 1;
    if (depth > parentOf.size) {
      break;
    }
  }
  return depth;
}

/**
 * Refuses (400 naming `field`) to place `height` levels of folders under `parentId`. `parentOf` (id → parent id of
 * every item of the collection) is read when not given.
 */
export async function assertNestingDepth(
  db: DbOrTx,
  opts: {
    collectionId: string;
    parentId: string | null;
    height: number;
    field: string;
    parentOf?: ReadonlyMap<string, string | null>;
  },
): Promise<void> {
  if (opts.height > MAX_FOLDER_DEPTH) {
    throw tooDeep(opts.field);
  }
  if (opts.parentId === null || opts.height === 0) {
    return;
  }
  const parentOf = opts.parentOf ?? (await treeShape(db, opts.collectionId)).parentOf;
  if (depthBelow(parentOf, opts.parentId) + opts.height > MAX_FOLDER_DEPTH) {
    throw tooDeep(opts.field);
  }
}

/** The shape of a collection's tree: id → parent id of every item, and which items are folders. */
export interface TreeShape {
  parentOf: Map<string, string | null>;
  folders: Set<string>;
}

export async function treeShape(db: DbOrTx, collectionId: string): Promise<TreeShape> {
  const rows = await db
    .select({ id: collectionItems.id, parentId: collectionItems.parentId, type: collectionItems.type })
    .from(collectionItems)
    .where(eq(collectionItems.collectionId, collectionId));
  return {
    parentOf: new Map(rows.map((r) => [r.id, r.parentId])),
    folders: new Set(rows.filter((r) => r.type === 'folder').map((r) => r.id)),
  };
}

/** Levels of folders in the subtree of folder `id`, itself included. Iterative: any depth is safe. */
export function subtreeHeight(shape: TreeShape, id: string): number {
  const children = new Map<string, string[]>();
  for (const [child, parent] of shape.parentOf) {
    if (parent !== null && shape.folders.has(child)) {
      const list = children.get(parent);
      if (list === undefined) {
        children.set(parent, [child]);
      } else {
        list.push(child);
      }
    }
  }
  let height = 0;
  const stack: [string, number][] = [[id, 1]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [at, depth] = top;
    height = Math.max(height, depth);
    for (const child of children.get(at) ?? []) {
      stack.push([child, depth + 1]);
    }
  }
  return height;
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
