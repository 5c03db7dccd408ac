import { AppError, type TWorkspaceRole } from '@apiplay/core';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { workspaceMembers } from '../../db/schema';
import type { AuthChanges } from '../../infra/auth-changes';
import type { MembershipCache } from '../../infra/membership-cache';
import { recordAudit } from '../audit/record-audit';
import { lockMembership, memberRole } from './lock-membership';

/**
 * Removes a member, or — when `userId` is the actor — leaves the workspace. Removing an owner takes an owner;
 * the last owner can neither leave nor be removed.
 */
export async function removeMember(opts: {
  db: Db;
  /** Invalidated once the change is committed (embedded mode caches roles for the access hook). */
  memberships: MembershipCache;
  /** Told once committed, so the removed member's open `/ws` streams stop receiving the workspace at once. */
  authChanges?: AuthChanges;
  actorId: string;
  actorRole: TWorkspaceRole;
  workspaceId: string;
  userId: string;
  ip: string;
}): Promise<void> {
  const leaving = opts.actorId === opts.userId;
  await opts.db.transaction(async (tx) => {
    const { owners } = await lockMembership(tx, opts.workspaceId);
    const current = await memberRole(tx, opts.workspaceId, opts.userId);
    if (current === null) {
      throw new AppError('NOT_FOUND', 'Member not found');
    }
    if (!leaving && current === 'owner' && opts.actorRole !== 'owner') {
      throw new AppError('FORBIDDEN', 'Only owners can remove an owner');
    }
    if (current === 'owner' && owners <= 1) {
      throw new AppError(
        'CONFLICT',
        'The last owner cannot leave or be removed; transfer ownership or delete the workspace',
      );
    }
    await tx
      .delete(workspaceMembers)
      .where(
        and(eq(workspaceMembers.workspaceId, opts.workspaceId), eq(workspaceMembers.userId, opts.userId)),
      );
    await recordAudit(tx, {
      action: leaving ? 'member.left' : 'member.removed',
      actorId: opts.actorId,
      subjectUserId: opts.userId,
      workspaceId: opts.workspaceId,
      targetType: 'user',
      targetId: opts.userId,
      ip: opts.ip,
      meta: { role: current },
    });
  });
  opts.memberships.invalidate(opts.workspaceId);
  await opts.authChanges?.publish(opts.userId);
}
