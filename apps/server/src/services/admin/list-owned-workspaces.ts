import type { TOwnedWorkspace } from '@apiplay/core';
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { workspaceMembers, workspaces } from '../../db/schema';

/** Workspaces the user is the only owner of: what deleting the user has to delete or hand over. */
export async function listSoleOwnedWorkspaces(db: DbOrTx, userId: string): Promise<TOwnedWorkspace[]> {
  const rows = await db
    .select({
      id: workspaces.id,
      name: workspaces.name,
      kind: workspaces.kind,
      members: sql<number>`(select count(*) from ${workspaceMembers} m where m.workspace_id = ${workspaces.id})::int`,
    })
    .from(workspaces)
    .innerJoin(workspaceMembers, eq(workspaceMembers.workspaceId, workspaces.id))
    .where(
      and(
        eq(workspaceMembers.userId, userId),
        eq(workspaceMembers.role, 'owner'),
        sql`not exists (select 1 from ${workspaceMembers} o where o.workspace_id = ${workspaces.id}
          and o.role = 'owner' and o.user_id <> ${userId})`,
      ),
    )
    .orderBy(workspaces.createdAt);
  return rows.map((r) => ({ ...r, members: Number(r.members) }));
}
