import type { TWorkspacePreferences } from '@apiplay/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { qk } from '../query-keys';
import { createWorkspace, getPreferences, listWorkspaces, putPreferences } from '../workspaces';

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

/**
 * The environment Send and the Runner use in a workspace, kept on the server per member (it survives a reload and
 * follows you to another browser). Changing it updates every screen at once, before the server answers.
 */
export function useActiveEnvironment(wid: string) {
  const qc = useQueryClient();
  const key = qk.preferences(wid);
  const prefs = useQuery({ queryKey: key, queryFn: () => getPreferences(wid), enabled: Boolean(wid) });
  const save = useMutation({
    mutationFn: (activeEnvironmentId: string | null) => putPreferences(wid, { activeEnvironmentId }),
    onMutate: async (activeEnvironmentId) => {
      await qc.cancelQueries({ queryKey: key });
      const before = qc.getQueryData<TWorkspacePreferences>(key);
      qc.setQueryData<TWorkspacePreferences>(key, { activeEnvironmentId });
      return { before };
    },
    onError: (_e, _v, context) => qc.setQueryData(key, context?.before),
    onSettled: () => qc.invalidateQueries({ queryKey: key }),
  });
  return {
    envId: prefs.data?.activeEnvironmentId ?? null,
    isLoading: prefs.isLoading,
    setEnvId: (id: string | null) => save.mutate(id),
  };
}
