import { AppError, type TCreateInvitationRequest } from '@apiplay/core';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { invitations, users, workspaceMembers, workspaces } from '../../db/schema';
import { randomToken, sha256 } from '../../lib/crypto';
import { recordAudit } from '../audit/record-audit';
import { sendMail } from '../mail/send-mail';
import { invitationMail } from '../mail/templates';

export type InvitationRow = typeof invitations.$inferSelect;

/** Invitations expire after 7 days. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Invites an email with a role: the token is returned once (stored hashed) and the link is emailed (SMTP or the
 * dev mailbox). A mail failure does not undo the invitation: `emailed` says whether the link went out.
 */
export async function createInvitation(opts: {
  ctx: Pick<AppContext, 'db' | 'mailer' | 'config'>;
  actorId: string;
  workspaceId: string;
  input: TCreateInvitationRequest;
  ip: string;
}): Promise<{ row: InvitationRow; token: string; emailed: boolean }> {
  const { input, ctx } = opts;
  const created = await ctx.db.transaction(async (tx) => {
    const member = await tx
      .select({ id: users.id })
      .from(workspaceMembers)
      .innerJoin(users, eq(users.id, workspaceMembers.userId))
      .where(and(eq(workspaceMembers.workspaceId, opts.workspaceId), eq(users.email, input.email)))
      .limit(1);
    if (member.length > 0) {
      throw new AppError('CONFLICT', 'This person is already a member');
    }
    // A new invitation for the same email replaces the pending one.
    await tx
      .delete(invitations)
      .where(
        and(
          eq(invitations.workspaceId, opts.workspaceId),
          eq(invitations.email, input.email),
          isNull(invitations.acceptedAt),
          gt(invitations.expiresAt, new Date(0)),
        ),
      );
    const token = `inv_${randomToken(24)}`;
    const [row] = await tx
      .insert(invitations)
      .values({
        workspaceId: opts.workspaceId,
        email: input.email,
        role: input.role,
        tokenHash: sha256(token),
        invitedBy: opts.actorId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      })
      .returning();
    if (row === undefined) {
      throw new Error('invitation insert returned nothing');
    }
    await recordAudit(tx, {
      action: 'invitation.created',
      actorId: opts.actorId,
      workspaceId: opts.workspaceId,
      targetType: 'invitation',
      targetId: row.id,
      ip: opts.ip,
      meta: { email: input.email, role: input.role },
    });
    const [about] = await tx
      .select({ workspaceName: workspaces.name, inviterName: users.name })
      .from(workspaces)
      .innerJoin(users, eq(users.id, opts.actorId))
      .where(eq(workspaces.id, opts.workspaceId))
      .limit(1);
    return { row, token, about };
  });
  const emailed = await sendMail({
    ctx,
    mail: invitationMail({
      to: input.email,
      link: `${ctx.config.publicUrl}/invite/${created.token}`,
      workspaceName: created.about?.workspaceName ?? 'a workspace',
      inviterName: created.about?.inviterName ?? 'Someone',
      role: input.role,
    }),
    purpose: 'invitation',
    actorId: opts.actorId,
  });
  return { row: created.row, token: created.token, emailed };
}
