import type {
  TCreateInvitationRequest,
  TCreateInvitationResponse,
  TInvitationList,
  TMemberList,
  TUpdateMemberRequest,
  TWorkspace,
} from '@apiplay/core';
import { api } from './instance';

const ws = (wid: string) => `/api/workspaces/${encodeURIComponent(wid)}`;

/** `GET /api/workspaces/:id/members`. */
export const listMembers = (wid: string) => api.get<TMemberList>(`${ws(wid)}/members`);

/** `PATCH /api/workspaces/:id/members/:userId`. */
export const setMemberRole = (wid: string, userId: string, body: TUpdateMemberRequest) =>
  api.patch<void>(`${ws(wid)}/members/${encodeURIComponent(userId)}`, body);

/** `DELETE /api/workspaces/:id/members/:userId`. */
export const removeMember = (wid: string, userId: string) =>
  api.del<void>(`${ws(wid)}/members/${encodeURIComponent(userId)}`);

/** `GET /api/workspaces/:id/invitations` (admins; silent: others see no list rather than an error toast). */
export const listInvitations = (wid: string) =>
  api.get<TInvitationList>(`${ws(wid)}/invitations`, { silent: true });

/** `POST /api/workspaces/:id/invitations`: the reply carries the token once. */
export const createInvitation = (wid: string, body: TCreateInvitationRequest) =>
  api.post<TCreateInvitationResponse>(`${ws(wid)}/invitations`, body);

/** `POST /api/invitations/:token/accept`: answers with the joined workspace. */
export const acceptInvitation = (token: string) =>
  api.post<TWorkspace>(`/api/invitations/${encodeURIComponent(token)}/accept`);
