import type { TInvitation, TWorkspace, TWorkspaceRole } from '@apiplay/core';
import type { InvitationRow } from '../services/invitations/create-invitation';
import type { WorkspaceRow } from '../services/workspaces/create-workspace';

export function presentWorkspace(w: WorkspaceRow, role: TWorkspaceRole): TWorkspace {
  return {
    id: w.id,
    name: w.name,
    kind: w.kind,
    role,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

export function presentInvitation(i: InvitationRow): TInvitation {
  return {
    id: i.id,
    workspaceId: i.workspaceId,
    email: i.email,
    role: i.role,
    createdAt: i.createdAt.toISOString(),
    expiresAt: i.expiresAt.toISOString(),
    acceptedAt: i.acceptedAt?.toISOString() ?? null,
  };
}
