import { AppError } from '@apiplay/core';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { workspaceFiles } from '../../db/schema';
import type { BlobStorage } from '../../infra/blob-storage';
import type { WorkspaceFileRow } from '../../presenters/files';

/** A stored file's row, only within its workspace (another workspace's id is "not found"). */
export async function getFileRow(opts: {
  db: DbOrTx;
  workspaceId: string;
  fileId: string;
}): Promise<WorkspaceFileRow> {
  const [row] = await opts.db
    .select()
    .from(workspaceFiles)
    .where(and(eq(workspaceFiles.id, opts.fileId), eq(workspaceFiles.workspaceId, opts.workspaceId)))
    .limit(1);
  if (!row) {
    throw new AppError('NOT_FOUND', 'File not found');
  }
  return row;
}

/** A stored file's row and bytes (`GET /api/files/:id/content`). */
export async function readFile(opts: {
  db: DbOrTx;
  storage: BlobStorage;
  workspaceId: string;
  fileId: string;
}): Promise<{ row: WorkspaceFileRow; bytes: Buffer }> {
  const row = await getFileRow(opts);
  const bytes = await opts.storage.get(row.storageKey);
  if (bytes === null) {
    throw new AppError('NOT_FOUND', 'File content is missing from storage');
  }
  return { row, bytes };
}
