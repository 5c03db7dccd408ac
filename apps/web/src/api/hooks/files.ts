import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deleteStoredFile, getStoredFile, listStoredFiles, storeFile } from '../files';
import { qk } from '../query-keys';

/** A stored file's name, type and size; null id = nothing to load. */
export function useStoredFile(id: string | null) {
  return useQuery({
    queryKey: qk.storedFile(id ?? ''),
    queryFn: () => getStoredFile(id ?? ''),
    enabled: id !== null,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Store a picked file with the workspace. */
export function useStoreFile(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => storeFile(workspaceId, file),
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
    queryFn: async () => (await listStoredFiles(workspaceId)).items,
  });
}

/** Delete a stored file; requests still naming it then say it is not found. */
export function useDeleteStoredFile(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteStoredFile(id),
    onSuccess: (_done, id) => {
      qc.removeQueries({ queryKey: qk.storedFile(id) });
      void qc.invalidateQueries({ queryKey: qk.storedFiles(workspaceId) });
    },
  });
}
