import { AppError, type TWorkspaceRole } from '@apiplay/core';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { invitations, users, workspaceMembers } from '../../db/schema';
import type { MembershipCache } from '../../infra/membership-cache';
import { sha256 } from '../../lib/crypto';
import { roleAtLeast } from '../../policies/roles';
import { recordAudit } from '../audit/record-audit';

/**
 * Accepts an invitation for the signed-in user, whose email must match the invited one. Existing members keep
 * the stronger of their role and the invited role. Returns the workspace id and resulting role.
 */
export async function acceptInvitation(opts: {
  db: Db;
  /** Invalidated once the change is committed (embedded mode caches roles for the access hook). */
  memberships: MembershipCache;
  userId: string;
  token: string;
  ip: string;
  /** REQUIRE_EMAIL_VERIFICATION: an unverified address cannot accept (403, audited, nothing changes). */
  requireVerifiedEmail?: boolean;
}): Promise<{ workspaceId: string; role: TWorkspaceRole }> {
  if (opts.requireVerifiedEmail === true) {
    const [me] = await opts.db
      .select({ verifiedAt: users.emailVerifiedAt })
      .from(users)
      .where(eq(users.id, opts.userId))
      .limit(1);
    if (me === undefined || me.verifiedAt === null) {
      await recordAudit(opts.db, {
        action: 'invitation.accept_refused',
        actorId: opts.userId,
        subjectUserId: opts.userId,
        ip: opts.ip,
        meta: { reason: 'email_unverified' },
      });
      throw new AppError('FORBIDDEN', 'Verify your email address before accepting an invitation', {
        reason: 'email_unverified',
      });
    }
  }
  const accepted = await opts.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(invitations)
      .where(eq(invitations.tokenHash, sha256(opts.token)))
      .limit(1);
    const inv = rows[0];
    if (inv === undefined || inv.acceptedAt !== null) {
      throw new AppError('NOT_FOUND', 'Invitation not found or already used');
    }
    if (inv.expiresAt.getTime() <= Date.now()) {
      throw new AppError('CONFLICT', 'This invitation has expired; ask for a new one', { reason: 'expired' });
    }
    const [user] = await tx
      .select({ email: users.email })
      .from(users)
      .where(eq(users.id, opts.userId))
      .limit(1);
    if (user === undefined || user.email !== inv.email) {
      throw new AppError('FORBIDDEN', 'This invitation was sent to a different email address', {
        reason: 'email_mismatch',
      });
    }
    const existing = await tx
      .select({ role: workspaceMembers.role })
      .from(workspaceMembers)
      .where(and(eq(workspaceMembers.workspaceId, inv.workspaceId), eq(workspaceMembers.userId, opts.userId)))
      .limit(1);
    const current = existing[0]?.role;
    let role: TWorkspaceRole = inv.role;
    if (current === undefined) {
      await tx.insert(workspaceMembers).values({ workspaceId: inv.workspaceId, userId: opts.userId, role });
    } else if (roleAtLeast(current, inv.role)) {
      role = current;
    } else {
      await tx
        .update(workspaceMembers)
        .set({ role })
        .where(
          and(eq(workspaceMembers.workspaceId, inv.workspaceId), eq(workspaceMembers.userId, opts.userId)),
        );
    }
    await tx
      .update(invitations)
      .set({ acceptedAt: new Date(), acceptedBy: opts.userId })
      .where(and(eq(invitations.id, inv.id), isNull(invitations.acceptedAt)));
    await recordAudit(tx, {
      action: 'invitation.accepted',
      actorId: opts.userId,
      subjectUserId: opts.userId,
      workspaceId: inv.workspaceId,
      targetType: 'invitation',
      targetId: inv.id,
      ip: opts.ip,
      meta: { role },
    });
    return { workspaceId: inv.workspaceId, role };
  });
  opts.memberships.invalidate(accepted.workspaceId);
  return accepted;
}
