import type { TCollectionSummary } from '@apiplay/core';
import type { collections } from '../db/schema';

export type CollectionRow = typeof collections.$inferSelect;

export function toSummary(row: CollectionRow): TCollectionSummary {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    description: row.description,
    revision: row.revision,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
