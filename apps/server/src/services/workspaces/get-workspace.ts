import { AppError } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { workspaces } from '../../db/schema';
import type { WorkspaceRow } from './create-workspace';

/** Loads a workspace (authorization happens before, in the access hook). */
export async function getWorkspace(opts: { db: DbOrTx; workspaceId: string }): Promise<WorkspaceRow> {
  const rows = await opts.db.select().from(workspaces).where(eq(workspaces.id, opts.workspaceId)).limit(1);
  const ws = rows[0];
  if (ws === undefined) {
    throw new AppError('NOT_FOUND', 'Workspace not found');
  }
  return ws;
}
