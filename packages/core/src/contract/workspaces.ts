import { z } from 'zod';
import { ZTimestamp, ZWorkspaceRole } from './common';

export const ZWorkspace = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(['personal', 'team']).describe('Personal workspaces are created at registration'),
    role: ZWorkspaceRole.describe("The caller's role"),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
  })
  .describe('Workspace');
export type TWorkspace = z.infer<typeof ZWorkspace>;

export const ZWorkspaceList = z.object({ items: z.array(ZWorkspace) });
export type TWorkspaceList = z.infer<typeof ZWorkspaceList>;

export const ZCreateWorkspaceRequest = z.object({ name: z.string().trim().min(1).max(100).describe('Name') });
export type TCreateWorkspaceRequest = z.infer<typeof ZCreateWorkspaceRequest>;

export const ZUpdateWorkspaceRequest = z.object({
  name: z.string().trim().min(1).max(100).describe('New name'),
});
export type TUpdateWorkspaceRequest = z.infer<typeof ZUpdateWorkspaceRequest>;

export const ZMember = z
  .object({
    userId: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: ZWorkspaceRole,
    joinedAt: ZTimestamp,
  })
  .describe('Workspace member');
export type TMember = z.infer<typeof ZMember>;

export const ZMemberList = z.object({ items: z.array(ZMember) });
export type TMemberList = z.infer<typeof ZMemberList>;

export const ZMemberParams = z.object({
  id: z.uuid().describe('Workspace id'),
  userId: z.uuid().describe('Member user id'),
});
export type TMemberParams = z.infer<typeof ZMemberParams>;

export const ZUpdateMemberRequest = z.object({ role: ZWorkspaceRole.describe('New role') });
export type TUpdateMemberRequest = z.infer<typeof ZUpdateMemberRequest>;

export const ZInvitation = z
  .object({
    id: z.uuid(),
    workspaceId: z.uuid(),
    email: z.string(),
    role: ZWorkspaceRole,
    createdAt: ZTimestamp,
    expiresAt: ZTimestamp,
    acceptedAt: ZTimestamp.nullable(),
  })
  .describe('Invitation');
export type TInvitation = z.infer<typeof ZInvitation>;

export const ZInvitationList = z.object({ items: z.array(ZInvitation) });
export type TInvitationList = z.infer<typeof ZInvitationList>;

export const ZCreateInvitationRequest = z.object({
  email: z
    .email()
    .max(254)
    .transform((v) => v.trim().toLowerCase())
    .describe('Who is invited; they must log in with this email to accept'),
  role: z
    .enum(['admin', 'editor', 'viewer'])
    .describe('Role granted on acceptance (owners are made by promotion)'),
});
export type TCreateInvitationRequest = z.infer<typeof ZCreateInvitationRequest>;

export const ZCreateInvitationResponse = ZInvitation.extend({
  token: z
    .string()
    .describe('Invitation token; shown only this once. Accept at POST /api/invitations/:token/accept'),
});
export type TCreateInvitationResponse = z.infer<typeof ZCreateInvitationResponse>;

export const ZInvitationTokenParam = z.object({
  token: z.string().min(10).max(200).describe('Invitation token'),
});
export type TInvitationTokenParam = z.infer<typeof ZInvitationTokenParam>;

/** `GET|PUT /api/workspaces/:id/preferences`: the caller's own choices in a workspace (every member has them). */
export const ZWorkspacePreferences = z
  .object({
    activeEnvironmentId: z
      .uuid()
      .nullable()
      .describe(
        'The environment Send and the Runner use by default; null = none (collection variables only)',
      ),
  })
  .describe('My preferences in a workspace');
export type TWorkspacePreferences = z.infer<typeof ZWorkspacePreferences>;
