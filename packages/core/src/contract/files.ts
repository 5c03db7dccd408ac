import { z } from 'zod';
import { ZTimestamp } from './common';

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
