import type { TMember } from '@apiplay/core';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { users, workspaceMembers } from '../../db/schema';

/** Members of a workspace with their roles, oldest first. */
export async function listMembers(opts: { db: Db; workspaceId: string }): Promise<TMember[]> {
  const rows = await opts.db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: workspaceMembers.role,
      joinedAt: workspaceMembers.createdAt,
    })
    .from(workspaceMembers)
    .innerJoin(users, eq(users.id, workspaceMembers.userId))
    .where(eq(workspaceMembers.workspaceId, opts.workspaceId))
    .orderBy(asc(workspaceMembers.createdAt));
  return rows.map((r) => ({ ...r, joinedAt: r.joinedAt.toISOString() }));
}
