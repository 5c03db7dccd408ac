import type { TExportFormat } from '@apiplay/core';
import type { DbOrTx } from '../../db/client';
import type { BlobStorage } from '../../infra/blob-storage';
import { exportStoredCollection } from './export-collection';

/** What an async export job keeps as its result: the file's description, its content in blob storage. */
export interface StoredExport {
  format: TExportFormat;
  filename: string;
  mimeType: string;
  warnings: string[];
  /** Blob key of the exported text (`GET /api/jobs/:id` reads it back into `content`). */
  contentRef: string;
  size: number;
}

/**
 * The async export (`?async=1`): the file goes to blob storage (the S3 bucket when configured), not into the job
 * row, so a large collection's export does not sit in PostgreSQL (or Redis) and any instance can serve it.
 */
export async function exportToStorage(opts: {
  db: DbOrTx;
  storage: BlobStorage;
  workspaceId: string;
  collectionId: string;
  format: TExportFormat;
}): Promise<StoredExport> {
  const file = await exportStoredCollection({
    db: opts.db,
    collectionId: opts.collectionId,
    format: opts.format,
  });
  const bytes = Buffer.from(file.content, 'utf8');
  const contentRef = await opts.storage.put(`exports/${opts.workspaceId}`, bytes);
  return {
    format: opts.format,
    filename: file.filename,
    mimeType: file.mimeType,
    warnings: file.warnings,
    contentRef,
    size: bytes.length,
  };
}
