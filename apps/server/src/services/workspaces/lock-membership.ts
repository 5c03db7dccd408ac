import type { TWorkspaceRole } from '@apiplay/core';
import { and, count, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { workspaceMembers, workspaces } from '../../db/schema';

/**
 * Locks the workspace row for the rest of the transaction so concurrent membership changes (two owners demoting
 * each other) serialize, then returns the number of owners.
 */
export async function lockMembership(tx: Tx, workspaceId: string): Promise<{ owners: number }> {
  await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, workspaceId)).for('update');
  const [row] = await tx
    .select({ n: count() })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.role, 'owner')));
  return { owners: Number(row?.n ?? 0) };
}

/** The member's role inside a transaction, or null. */
export async function memberRole(
  tx: Tx,
  workspaceId: string,
  userId: string,
): Promise<TWorkspaceRole | null> {
  const rows = await tx
    .select({ role: workspaceMembers.role })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)))
    .limit(1);
  return rows[0]?.role ?? null;
}
