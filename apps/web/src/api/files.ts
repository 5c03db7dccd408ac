import type { TWorkspaceFile, TWorkspaceFileList } from '@apiplay/core';
import { api } from './instance';

/** `GET /api/files/:id`: a stored file's name, type and size. */
export const getStoredFile = (id: string) =>
  api.get<TWorkspaceFile>(`/api/files/${encodeURIComponent(id)}`, { silent: true });

/** `POST /api/workspaces/:id/files` (multipart): the answer's `src` goes in the request body. */
export const storeFile = (workspaceId: string, file: File) => {
  const form = new FormData();
  form.set('file', file, file.name);
  return api.request<TWorkspaceFile>(`/api/workspaces/${encodeURIComponent(workspaceId)}/files`, {
    method: 'POST',
    rawBody: form,
  });
};

/** `GET /api/workspaces/:id/files`: the workspace's stored files, newest first. */
export const listStoredFiles = (workspaceId: string) =>
  api.get<TWorkspaceFileList>(`/api/workspaces/${encodeURIComponent(workspaceId)}/files`);

/** `DELETE /api/files/:id`. */
export const deleteStoredFile = (id: string) => api.del<void>(`/api/files/${encodeURIComponent(id)}`);
