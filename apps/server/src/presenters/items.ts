import type { TItemResponse } from '@apiplay/core';
import { maskVariables } from '../infra/secrets';
import { type ItemRow, rowToItem } from '../services/items/item-doc';

/** An item as clients see it: a folder's secret variables masked. */
export function toItemResponse(row: ItemRow): TItemResponse {
  const item = rowToItem(row);
  return {
    collectionId: row.collectionId,
    parentId: row.parentId,
    item: item.type === 'folder' ? { ...item, variables: maskVariables(item.variables ?? []) } : item,
    updatedAt: row.updatedAt.toISOString(),
  };
}
