import { AppError } from '@apiplay/core';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { workspaceFiles } from '../../db/schema';
import type { BlobStorage } from '../../infra/blob-storage';
import { recordAudit } from '../audit/record-audit';

/**
 * Delete a stored file: its row, then its bytes. Saved requests still naming it fail to send with "not found"
 * (as a request naming a missing file does in the CLI) until a file is attached again.
 */
export async function deleteFile(opts: {
  db: DbOrTx;
  storage: BlobStorage;
  workspaceId: string;
  fileId: string;
  userId: string;
  ip?: string;
}): Promise<void> {
  const [row] = await opts.db
    .delete(workspaceFiles)
    .where(and(eq(workspaceFiles.id, opts.fileId), eq(workspaceFiles.workspaceId, opts.workspaceId)))
    .returning();
  if (!row) {
    throw new AppError('NOT_FOUND', 'File not found');
  }
  await recordAudit(opts.db, {
    action: 'file.deleted',
    actorId: opts.userId,
    workspaceId: opts.workspaceId,
    targetType: 'file',
    targetId: row.id,
    ip: opts.ip,
    meta: { name: row.name },
  });
  await opts.storage.delete(row.storageKey);
}
