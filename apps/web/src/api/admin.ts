import type {
  TAdminAuditQueryInput,
  TAdminUser,
  TAdminUserList,
  TAdminUserPatch,
  TAdminUserQueryInput,
  TAuditEvent,
  TAuditExportQuery,
  TAuditVerifyResult,
  TDeleteUserRequest,
  TDeleteUserResponse,
  TInstanceSettingsPatch,
  TInstanceSettingsResponse,
  TInstanceStats,
  TMailList,
  TOwnedWorkspaceList,
  TPage,
} from '@apiplay/core';
import { api } from './instance';

const user = (id: string) => `/api/admin/users/${encodeURIComponent(id)}`;

/** Drops unset filters so the query string carries only what was chosen. */
function query(q: object): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(q)) {
    if (typeof v === 'string' ? v !== '' : typeof v === 'number') {
      out[k] = v;
    }
  }
  return out;
}

/** `GET /api/admin/users`: search (`q`), status and offset paging. */
export const listAdminUsers = (q: TAdminUserQueryInput) =>
  api.get<TAdminUserList>('/api/admin/users', { query: query(q) });

/** `PATCH /api/admin/users/:id`: disable/enable, promote/demote. */
export const updateAdminUser = (id: string, patch: TAdminUserPatch) => api.patch<TAdminUser>(user(id), patch);

/** `GET /api/admin/users/:id/owned-workspaces`: what deleting the user must delete or hand over. */
export const listOwnedWorkspaces = (id: string) =>
  api.get<TOwnedWorkspaceList>(`${user(id)}/owned-workspaces`);

/** `POST /api/admin/users/:id/delete`. */
export const deleteAdminUser = (id: string, body: TDeleteUserRequest) =>
  api.post<TDeleteUserResponse>(`${user(id)}/delete`, body);

/** `GET /api/admin/stats`. */
export const getInstanceStats = () => api.get<TInstanceStats>('/api/admin/stats');

/** `GET /api/admin/settings`. */
export const getInstanceSettings = () => api.get<TInstanceSettingsResponse>('/api/admin/settings');

/** `PATCH /api/admin/settings`: `null` resets a setting to its environment default. */
export const updateInstanceSettings = (patch: TInstanceSettingsPatch) =>
  api.patch<TInstanceSettingsResponse>('/api/admin/settings', patch);

/** `GET /api/admin/audit`: newest first, filtered, cursor-paged. */
export const listInstanceAudit = (q: TAdminAuditQueryInput) =>
  api.get<TPage<TAuditEvent>>('/api/admin/audit', { query: query(q) });

/** `GET /api/admin/audit/export`: the file as a Blob. */
export const exportInstanceAudit = (q: Partial<TAuditExportQuery>) =>
  api.request<Blob>('/api/admin/audit/export', { query: query(q), asBlob: true });

/** `GET /api/admin/audit/verify`: the hash chain check. */
export const verifyInstanceAudit = () => api.get<TAuditVerifyResult>('/api/admin/audit/verify');

/** `GET /api/admin/mail`: the dev mailbox (instances without SMTP_URL). */
export const listAdminMail = (before?: string) =>
  api.get<TMailList>('/api/admin/mail', { query: before === undefined ? {} : { before } });
