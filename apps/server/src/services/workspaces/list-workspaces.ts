import type { TWorkspaceRole } from '@apiplay/core';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { workspaceMembers, workspaces } from '../../db/schema';
import type { WorkspaceRow } from './create-workspace';

export type WorkspaceWithRole = WorkspaceRow & { role: TWorkspaceRole };

/** Workspaces the user belongs to, personal first, with the user's role. */
export async function listWorkspaces(opts: { db: Db; userId: string }): Promise<WorkspaceWithRole[]> {
  const rows = await opts.db
    .select({ ws: workspaces, role: workspaceMembers.role })
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(eq(workspaceMembers.userId, opts.userId))
    .orderBy(asc(workspaces.kind), asc(workspaces.createdAt));
  return rows.map((r) => ({ ...r.ws, role: r.role }));
}
