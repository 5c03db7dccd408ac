import { AppError, type TWorkspaceFile } from '@apiplay/core';
import type { DbOrTx } from '../../db/client';
import { workspaceFiles } from '../../db/schema';
import type { BlobStorage } from '../../infra/blob-storage';
import { toWorkspaceFile } from '../../presenters/files';
import { recordAudit } from '../audit/record-audit';

const MAX_NAME = 255;
/** `type/subtype` with optional parameters, printable ASCII only (it becomes a multipart part header). */
const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+(\s*;[\x20-\x7e]*)?$/;

/**
 * The name a target will see: the last segment of whatever the client sent (browsers send a bare name; other
 * clients may send a path), never empty, `.` or `..`. NUL and lone surrogates were refused with the part.
 */
export function storedFileName(raw: string): string {
  const last = raw.split(/[\\/]/).pop()?.trim() ?? '';
  const name = [...last].slice(0, MAX_NAME).join('');
  return name === '' || name === '.' || name === '..' ? 'file' : name;
}

function mediaType(raw: string | undefined): string {
  const value = raw?.trim() ?? '';
  return value.length <= 200 && MEDIA_TYPE.test(value) ? value : 'application/octet-stream';
}

/** Keep a file with the workspace's saved requests: bytes to blob storage, a row describing them. */
export async function storeFile(opts: {
  db: DbOrTx;
  storage: BlobStorage;
  workspaceId: string;
  userId: string;
  name: string;
  contentType: string | undefined;
  bytes: Buffer;
  maxBytes: number;
  ip?: string;
}): Promise<TWorkspaceFile> {
  if (opts.bytes.length > opts.maxBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `file: larger than FILE_MAX_BYTES (${opts.maxBytes} bytes)`);
  }
  const storageKey = await opts.storage.put(`files/${opts.workspaceId}`, opts.bytes);
  try {
    const [row] = await opts.db
      .insert(workspaceFiles)
      .values({
        workspaceId: opts.workspaceId,
        name: storedFileName(opts.name),
        contentType: mediaType(opts.contentType),
        size: opts.bytes.length,
        storageKey,
        createdBy: opts.userId,
      })
      .returning();
    if (!row) {
      throw new Error('insert returned no row');
    }
    await recordAudit(opts.db, {
      action: 'file.stored',
      actorId: opts.userId,
      workspaceId: opts.workspaceId,
      targetType: 'file',
      targetId: row.id,
      ip: opts.ip,
      meta: { name: row.name, size: row.size },
    });
    return toWorkspaceFile(row);
  } catch (error) {
    // No row points at the blob: do not leave it behind.
    await opts.storage.delete(storageKey).catch(() => undefined);
    throw error;
  }
}
