import { AppError } from '@apiplay/core';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { invitations } from '../../db/schema';
import { recordAudit } from '../audit/record-audit';

/** Deletes a pending invitation of the workspace. */
export async function revokeInvitation(opts: {
  db: Db;
  workspaceId: string;
  invitationId: string;
  /** Who revoked it, and from where (audit trail). */
  actorId: string;
  ip?: string;
}): Promise<void> {
  await opts.db.transaction(async (tx) => {
    const gone = await tx
      .delete(invitations)
      .where(
        and(
          eq(invitations.id, opts.invitationId),
          eq(invitations.workspaceId, opts.workspaceId),
          isNull(invitations.acceptedAt),
        ),
      )
      .returning({ id: invitations.id, email: invitations.email });
    const row = gone[0];
    if (row === undefined) {
      throw new AppError('NOT_FOUND', 'Invitation not found');
    }
    await recordAudit(tx, {
      action: 'invitation.revoked',
      actorId: opts.actorId,
      workspaceId: opts.workspaceId,
      targetType: 'invitation',
      targetId: row.id,
      ip: opts.ip,
      meta: { email: row.email },
    });
  });
}
