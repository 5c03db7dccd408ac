import type { TUpdateWorkspaceRequest } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { workspaces } from '../../db/schema';
import { recordAudit } from '../audit/record-audit';
import type { WorkspaceRow } from './create-workspace';
import { getWorkspace } from './get-workspace';

/** Renames a workspace (admins and owners). */
export async function updateWorkspace(opts: {
  db: Db;
  actorId: string;
  workspaceId: string;
  input: TUpdateWorkspaceRequest;
  ip: string;
}): Promise<WorkspaceRow> {
  return opts.db.transaction(async (tx) => {
    const before = await getWorkspace({ db: tx, workspaceId: opts.workspaceId });
    const [row] = await tx
      .update(workspaces)
      .set({ name: opts.input.name, updatedAt: new Date() })
      .where(eq(workspaces.id, opts.workspaceId))
      .returning();
    await recordAudit(tx, {
      action: 'workspace.updated',
      actorId: opts.actorId,
      workspaceId: opts.workspaceId,
      targetType: 'workspace',
      targetId: opts.workspaceId,
      ip: opts.ip,
      meta: { from: before.name, to: opts.input.name },
    });
    return row ?? before;
  });
}
