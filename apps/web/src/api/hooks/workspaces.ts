import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { qk } from '../query-keys';
import { createWorkspace, listWorkspaces } from '../workspaces';

export function useWorkspaces(enabled = true) {
  return useQuery({
    queryKey: qk.workspaces,
    queryFn: async () => (await listWorkspaces()).items,
    enabled,
  });
}

export function useCreateWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => createWorkspace({ name }),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.workspaces }),
  });
}
