import type { TWorkspaceFileList } from '@apiplay/core';
import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { workspaceFiles } from '../../db/schema';
import { toWorkspaceFile } from '../../presenters/files';

/** The workspace's stored files, newest first. */
export async function listFiles(opts: { db: DbOrTx; workspaceId: string }): Promise<TWorkspaceFileList> {
  const rows = await opts.db
    .select()
    .from(workspaceFiles)
    .where(eq(workspaceFiles.workspaceId, opts.workspaceId))
    .orderBy(desc(workspaceFiles.createdAt), desc(workspaceFiles.id));
  return { items: rows.map(toWorkspaceFile) };
}
