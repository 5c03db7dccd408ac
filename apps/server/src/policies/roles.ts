import { AppError, type TWorkspaceRole } from '@apiplay/core';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { workspaceMembers } from '../db/schema';
import type { MembershipCache } from '../infra/membership-cache';

const rank: Record<TWorkspaceRole, number> = { owner: 4, admin: 3, editor: 2, viewer: 1 };

/** True when `role` is at least `min` (owner > admin > editor > viewer). */
export function roleAtLeast(role: TWorkspaceRole, min: TWorkspaceRole): boolean {
  return rank[role] >= rank[min];
}

const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a syntactically valid uuid (anything else cannot name a row and must not reach a uuid column). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && uuidRe.test(value);
}

/** The user's role in the workspace, or null when not a member (or the workspace does not exist). */
export async function getMemberRole(
  db: DbOrTx,
  userId: string,
  workspaceId: string,
): Promise<TWorkspaceRole | null> {
  if (!isUuid(workspaceId)) {
    return null;
  }
  const rows = await db
    .select({ role: workspaceMembers.role })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)))
    .limit(1);
  return rows[0]?.role ?? null;
}

/**
 * Authorizes a workspace action. Non-members get NOT_FOUND (existence is not leaked); members below `minRole`
 * get FORBIDDEN. Returns the caller's role. With `memberships`, the role is read through that cache.
 */
export async function requireRole(
  db: DbOrTx,
  userId: string,
  workspaceId: string,
  minRole: TWorkspaceRole,
  memberships?: MembershipCache,
): Promise<TWorkspaceRole> {
  const load = () => getMemberRole(db, userId, workspaceId);
  const role =
    memberships && isUuid(workspaceId) ? await memberships.resolve(workspaceId, userId, load) : await load();
  if (role === null) {
    throw new AppError('NOT_FOUND', 'Workspace not found');
  }
  if (!roleAtLeast(role, minRole)) {
    throw new AppError('FORBIDDEN', `This action needs the ${minRole} role or higher`, {
      role,
      required: minRole,
    });
  }
  return role;
}
