import {
  AppError,
  CollectionFormat,
  type TCollectionTree,
  type TFolder,
  type TItem,
  type TVariable,
} from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { collectionItems, collections } from '../../db/schema';
import { mapFolderVariables, maskVariables } from '../../infra/secrets';
import { rowToItem } from '../items/item-doc';
import { compareKeys } from '../items/tree';

/** Assemble rows (any order) into the nested tree, siblings by sort key. */
export function assembleTree(
  rows: {
    id: string;
    parentId: string | null;
    type: 'folder' | 'request';
    name: string;
    sortKey: string;
    data: Record<string, unknown>;
  }[],
): TItem[] {
  const sorted = [...rows].sort((a, b) => compareKeys(a.sortKey, b.sortKey));
  const byParent = new Map<string | null, TItem[]>();
  const folders = new Map<string, TFolder>();
  for (const row of sorted) {
    const item = rowToItem(row);
    if (item.type === 'folder') {
      folders.set(item.id, item);
    }
    const list = byParent.get(row.parentId) ?? [];
    list.push(item);
    byParent.set(row.parentId, list);
  }
  for (const [id, folder] of folders) {
    folder.items = byParent.get(id) ?? [];
  }
  return byParent.get(null) ?? [];
}

/**
 * The whole collection as a v1 document (validated by core's CollectionFormat) plus server metadata. `secrets`
 * turns the stored (sealed) variables of the collection and its folders into what the caller may hold: masked by
 * default (what clients see), emptied for exports, decrypted for a run.
 */
export async function getCollectionTree(opts: {
  db: DbOrTx;
  collectionId: string;
  secrets?: (variables: readonly TVariable[]) => TVariable[];
}): Promise<TCollectionTree> {
  const secrets = opts.secrets ?? maskVariables;
  const [row] = await opts.db
    .select()
    .from(collections)
    .where(eq(collections.id, opts.collectionId))
    .limit(1);
  if (!row) {
    throw new AppError('NOT_FOUND', 'Collection not found');
  }
  const itemRows = await opts.db
    .select({
      id: collectionItems.id,
      parentId: collectionItems.parentId,
      type: collectionItems.type,
      name: collectionItems.name,
      sortKey: collectionItems.sortKey,
      data: collectionItems.data,
    })
    .from(collectionItems)
    .where(eq(collectionItems.collectionId, row.id));
  const doc = CollectionFormat.parse({
    v: 1,
    id: row.id,
    name: row.name,
    description: row.description,
    auth: row.auth,
    variables: secrets(row.variables),
    scripts: row.scripts,
    items: mapFolderVariables(assembleTree(itemRows), secrets),
  });
  return {
    ...doc,
    workspaceId: row.workspaceId,
    revision: row.revision,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
