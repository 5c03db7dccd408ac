import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { invitations } from '../../db/schema';
import type { InvitationRow } from './create-invitation';

/** Pending (not accepted) invitations of a workspace, including expired ones so admins can re-send. */
export async function listInvitations(opts: { db: Db; workspaceId: string }): Promise<InvitationRow[]> {
  return opts.db
    .select()
    .from(invitations)
    .where(and(eq(invitations.workspaceId, opts.workspaceId), isNull(invitations.acceptedAt)))
    .orderBy(desc(invitations.createdAt));
}
