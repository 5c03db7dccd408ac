import { storedFileSrc, type TWorkspaceFile } from '@apiplay/core';
import type { workspaceFiles } from '../db/schema';

export type WorkspaceFileRow = typeof workspaceFiles.$inferSelect;

/** A stored file as the API shows it (never its storage key). */
export function toWorkspaceFile(row: WorkspaceFileRow): TWorkspaceFile {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    contentType: row.contentType,
    size: row.size,
    src: storedFileSrc(row.id),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
