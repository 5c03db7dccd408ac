import type { TCreateWorkspaceRequest, TWorkspace, TWorkspaceList } from '@apiplay/core';
import { api } from './instance';

/** `GET /api/workspaces`: the caller's workspaces with their role. */
export const listWorkspaces = () => api.get<TWorkspaceList>('/api/workspaces');

/** `POST /api/workspaces`. */
export const createWorkspace = (body: TCreateWorkspaceRequest) =>
  api.post<TWorkspace>('/api/workspaces', body);
