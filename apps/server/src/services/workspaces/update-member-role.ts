import { AppError, type TWorkspaceRole } from '@apiplay/core';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { workspaceMembers } from '../../db/schema';
import type { MembershipCache } from '../../infra/membership-cache';
import { recordAudit } from '../audit/record-audit';
import { lockMembership, memberRole } from './lock-membership';

/**
 * Changes a member's role. Admins manage editors/viewers/admins; only owners can make or unmake owners.
 * The last owner cannot be demoted.
 */
export async function updateMemberRole(opts: {
  db: Db;
  /** Invalidated once the change is committed (embedded mode caches roles for the access hook). */
  memberships: MembershipCache;
  actorId: string;
  actorRole: TWorkspaceRole;
  workspaceId: string;
  userId: string;
  role: TWorkspaceRole;
  ip: string;
}): Promise<void> {
  await opts.db.transaction(async (tx) => {
    const { owners } = await lockMembership(tx, opts.workspaceId);
    const current = await memberRole(tx, opts.workspaceId, opts.userId);
    if (current === null) {
      throw new AppError('NOT_FOUND', 'Member not found');
    }
    if ((current === 'owner' || opts.role === 'owner') && opts.actorRole !== 'owner') {
      throw new AppError('FORBIDDEN', 'Only owners can grant or change the owner role');
    }
    if (current === 'owner' && opts.role !== 'owner' && owners <= 1) {
      throw new AppError('CONFLICT', 'The last owner cannot be demoted; make someone else owner first');
    }
    if (current === opts.role) {
      return;
    }
    await tx
      .update(workspaceMembers)
      .set({ role: opts.role })
      .where(
        and(eq(workspaceMembers.workspaceId, opts.workspaceId), eq(workspaceMembers.userId, opts.userId)),
      );
    await recordAudit(tx, {
      action: 'member.role_changed',
      actorId: opts.actorId,
      subjectUserId: opts.userId,
      workspaceId: opts.workspaceId,
      targetType: 'user',
      targetId: opts.userId,
      ip: opts.ip,
      meta: { from: current, to: opts.role },
    });
  });
  opts.memberships.invalidate(opts.workspaceId);
}
