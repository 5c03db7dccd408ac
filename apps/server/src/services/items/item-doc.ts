import { type TFolder, type TItem, type TRequestItem, ZFolderV1, ZRequestItemV1 } from '@apiplay/core';
import type { collectionItems } from '../../db/schema';

export type ItemRow = typeof collectionItems.$inferSelect;

/** Split a saved-format item into the row's columns (`name`, `type`) and its `data` document. */
export function itemToData(item: TFolder | TRequestItem): Record<string, unknown> {
  if (item.type === 'folder') {
    const { type: _t, id: _i, name: _n, items: _c, ...rest } = item;
    return rest;
  }
  const { type: _t, id: _i, name: _n, ...rest } = item;
  return rest;
}

/** A row back to the saved format; folders come without children (`items: []`). */
export function rowToItem(row: Pick<ItemRow, 'id' | 'type' | 'name' | 'data'>): TItem {
  if (row.type === 'folder') {
    return {
      ...(row.data as Omit<TFolder, 'type' | 'id' | 'name' | 'items'>),
      type: 'folder',
      id: row.id,
      name: row.name,
      items: [],
    };
  }
  return {
    ...(row.data as Omit<TRequestItem, 'type' | 'id' | 'name'>),
    type: 'request',
    id: row.id,
    name: row.name,
  };
}

/** Validate (and fill defaults of) a folder or request through core's versioned item schemas. */
export function normalizeItem(input: Record<string, unknown>): TFolder | TRequestItem {
  if (input.type === 'folder') {
    return ZFolderV1.parse({ ...input, items: [] });
  }
  return ZRequestItemV1.parse(input);
}
