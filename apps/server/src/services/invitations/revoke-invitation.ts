import { AppError } from '@apiplay/core';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { invitations } from '../../db/schema';

/** Deletes a pending invitation of the workspace. */
export async function revokeInvitation(opts: {
  db: Db;
  workspaceId: string;
  invitationId: string;
}): Promise<void> {
  const gone = await opts.db
    .delete(invitations)
    .where(
      and(
        eq(invitations.id, opts.invitationId),
        eq(invitations.workspaceId, opts.workspaceId),
        isNull(invitations.acceptedAt),
      ),
    )
    .returning({ id: invitations.id });
  if (gone.length === 0) {
    throw new AppError('NOT_FOUND', 'Invitation not found');
  }
}
