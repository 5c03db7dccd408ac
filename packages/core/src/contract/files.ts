import { z } from 'zod';
import { ZTimestamp } from './common';

/**
 * How a request body names a file stored in its workspace: `src: "stored-file:<id>"` (a formdata file field or a
 * binary body). Server-side sends (Send, saved requests, runs) read it from the workspace's storage; a path
 * anywhere else is never read on the server.
 */
export const STORED_FILE_PREFIX = 'stored-file:';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The file id a body `src` names, or null when it names no stored file. */
export function storedFileId(src: string | undefined): string | null {
  if (src === undefined || !src.startsWith(STORED_FILE_PREFIX)) {
    return null;
  }
  const id = src.slice(STORED_FILE_PREFIX.length);
  return UUID.test(id) ? id.toLowerCase() : null;
}

/** The `src` naming a stored file. */
export function storedFileSrc(id: string): string {
  return `${STORED_FILE_PREFIX}${id}`;
}

/** A file stored with the workspace's saved requests. */
export const ZWorkspaceFile = z
  .object({
    id: z.uuid(),
    workspaceId: z.uuid(),
    name: z.string().describe('File name the target sees (multipart filename)'),
    contentType: z.string().describe('Media type given at upload (application/octet-stream when none)'),
    size: z.number().int().describe('Bytes'),
    src: z.string().describe('What a request body puts in `src` to send this file: `stored-file:<id>`'),
    createdBy: z.uuid().nullable(),
    createdAt: ZTimestamp,
  })
  .describe('Stored file');
export type TWorkspaceFile = z.infer<typeof ZWorkspaceFile>;

export const ZWorkspaceFileList = z
  .object({ items: z.array(ZWorkspaceFile) })
  .describe('Stored files, newest first');
export type TWorkspaceFileList = z.infer<typeof ZWorkspaceFileList>;
