import type { TItemResponse } from '@apiplay/core';
import { type ItemRow, rowToItem } from '../services/items/item-doc';

export function toItemResponse(row: ItemRow): TItemResponse {
  return {
    collectionId: row.collectionId,
    parentId: row.parentId,
    item: rowToItem(row),
    updatedAt: row.updatedAt.toISOString(),
  };
}
