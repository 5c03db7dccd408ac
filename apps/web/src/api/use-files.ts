import type { TWorkspaceFile, TWorkspaceFileList } from '@apiplay/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './instance';
import { qk } from './query-keys';

/** A stored file's name, type and size (`GET /api/files/:id`); null id = nothing to load. */
export function useStoredFile(id: string | null) {
  return useQuery({
    queryKey: qk.storedFile(id ?? ''),
    queryFn: () => api.get<TWorkspaceFile>(`/api/files/${id}`, { silent: true }),
    enabled: id !== null,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Store a picked file with the workspace (`POST /api/workspaces/:id/files`); the answer's `src` goes in the body. */
export function useStoreFile(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (file: File) => {
      const form = new FormData();
      form.set('file', file, file.name);
      return api.request<TWorkspaceFile>(`/api/workspaces/${workspaceId}/files`, {
        method: 'POST',
        rawBody: form,
      });
    },
    onSuccess: (stored) => {
      qc.setQueryData(qk.storedFile(stored.id), stored);
      void qc.invalidateQueries({ queryKey: qk.storedFiles(workspaceId) });
    },
  });
}

/** The workspace's stored files, newest first. */
export function useStoredFiles(workspaceId: string) {
  return useQuery({
    queryKey: qk.storedFiles(workspaceId),
    queryFn: async () => (await api.get<TWorkspaceFileList>(`/api/workspaces/${workspaceId}/files`)).items,
  });
}

/** Delete a stored file; requests still naming it then say it is not found. */
export function useDeleteStoredFile(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del<void>(`/api/files/${id}`),
    onSuccess: (_done, id) => {
      qc.removeQueries({ queryKey: qk.storedFile(id) });
      void qc.invalidateQueries({ queryKey: qk.storedFiles(workspaceId) });
    },
  });
}
