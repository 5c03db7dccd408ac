import type { TVariable } from '@apiplay/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createEnvironment,
  deleteEnvironment,
  getEnvironment,
  getGlobals,
  listEnvironments,
  putGlobals,
  updateEnvironment,
} from '../environments';
import { qk } from '../query-keys';

/** The workspace's environments (globals not included: see `useGlobals`). */
export function useEnvironments(wid: string | undefined) {
  return useQuery({
    queryKey: qk.environments(wid ?? ''),
    queryFn: async () => (await listEnvironments(wid ?? '')).items,
    enabled: Boolean(wid),
  });
}

/** Globals of a workspace (masked unless revealed). */
export function useGlobals(wid: string, reveal = false, enabled = true) {
  return useQuery({
    queryKey: ['globals', wid, reveal],
    queryFn: () => getGlobals(wid, reveal),
    enabled: Boolean(wid) && enabled,
  });
}

export function useEnvironment(eid: string | null | undefined, reveal = false) {
  return useQuery({
    queryKey: qk.environment(eid ?? '', reveal),
    queryFn: () => getEnvironment(eid ?? '', reveal),
    enabled: Boolean(eid),
  });
}

export function useEnvironmentMutations(wid: string) {
  const qc = useQueryClient();
  const done = () => {
    void qc.invalidateQueries({ queryKey: qk.environments(wid) });
    void qc.invalidateQueries({ queryKey: ['environment'] });
  };
  return {
    create: useMutation({
      mutationFn: (input: { name: string }) => createEnvironment(wid, { name: input.name, variables: [] }),
      onSuccess: done,
    }),
    update: useMutation({
      mutationFn: (input: { id: string; patch: { name?: string; variables?: TVariable[] } }) =>
        updateEnvironment(input.id, input.patch),
      onSuccess: done,
    }),
    putGlobals: useMutation({
      mutationFn: (variables: TVariable[]) => putGlobals(wid, { variables }),
      onSuccess: () => {
        done();
        void qc.invalidateQueries({ queryKey: ['globals', wid] });
      },
    }),
    remove: useMutation({
      mutationFn: (id: string) => deleteEnvironment(id),
      onSuccess: done,
    }),
  };
}
