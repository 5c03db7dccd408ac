import type {
  TCreateWorkspaceRequest,
  TWorkspace,
  TWorkspaceList,
  TWorkspacePreferences,
} from '@apiplay/core';
import { api } from './instance';

/** `GET /api/workspaces`: the caller's workspaces with their role. */
export const listWorkspaces = () => api.get<TWorkspaceList>('/api/workspaces');

/** `POST /api/workspaces`. */
export const createWorkspace = (body: TCreateWorkspaceRequest) =>
  api.post<TWorkspace>('/api/workspaces', body);

/** `GET /api/workspaces/:id/preferences`: my active environment there. */
export const getPreferences = (wid: string) =>
  api.get<TWorkspacePreferences>(`/api/workspaces/${encodeURIComponent(wid)}/preferences`);

/** `PUT /api/workspaces/:id/preferences`. */
export const putPreferences = (wid: string, body: TWorkspacePreferences) =>
  api.request<TWorkspacePreferences>(`/api/workspaces/${encodeURIComponent(wid)}/preferences`, {
    method: 'PUT',
    body,
  });
