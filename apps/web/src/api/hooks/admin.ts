import type {
  TAdminAuditQueryInput,
  TAdminUserPatch,
  TAdminUserQueryInput,
  TAuditExportQuery,
  TDeleteUserRequest,
  TInstanceSettingsPatch,
} from '@apiplay/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  deleteAdminUser,
  exportInstanceAudit,
  getInstanceSettings,
  getInstanceStats,
  listAdminMail,
  listAdminUsers,
  listInstanceAudit,
  listOwnedWorkspaces,
  updateAdminUser,
  updateInstanceSettings,
  verifyInstanceAudit,
} from '../admin';
import { qk } from '../query-keys';

export function useAdminUsers(q: TAdminUserQueryInput) {
  return useQuery({
    queryKey: qk.admin.users(q),
    queryFn: () => listAdminUsers(q),
    placeholderData: keepPreviousData,
  });
}

export function useOwnedWorkspaces(id: string | null) {
  return useQuery({
    queryKey: qk.admin.owned(id ?? ''),
    queryFn: async () => (await listOwnedWorkspaces(id ?? '')).items,
    enabled: id !== null,
  });
}

/** Disable/enable, promote/demote and delete; every admin view is re-read afterwards. */
export function useAdminUserMutations() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: qk.admin.all });
  return {
    update: useMutation({
      mutationFn: (v: { id: string; patch: TAdminUserPatch }) => updateAdminUser(v.id, v.patch),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (v: { id: string; body: TDeleteUserRequest }) => deleteAdminUser(v.id, v.body),
      onSuccess: done,
    }),
  };
}

export function useInstanceStats() {
  return useQuery({ queryKey: qk.admin.stats, queryFn: getInstanceStats });
}

export function useInstanceSettings() {
  return useQuery({ queryKey: qk.admin.settings, queryFn: getInstanceSettings });
}

export function useUpdateInstanceSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: TInstanceSettingsPatch) => updateInstanceSettings(patch),
    onSuccess: (data) => {
      qc.setQueryData(qk.admin.settings, data);
      void qc.invalidateQueries({ queryKey: qk.publicSettings });
    },
  });
}

export function useInstanceAudit(q: TAdminAuditQueryInput) {
  return useQuery({
    queryKey: qk.admin.audit(q),
    queryFn: () => listInstanceAudit(q),
    placeholderData: keepPreviousData,
  });
}

/** Downloads the filtered log as a file (JSONL or CSV). */
export function useExportAudit() {
  return useMutation({ mutationFn: (q: Partial<TAuditExportQuery>) => exportInstanceAudit(q) });
}

/** The chain check runs on demand (it reads the whole log). */
export function useVerifyAudit() {
  return useMutation({ mutationFn: verifyInstanceAudit });
}

export function useAdminMail() {
  return useQuery({ queryKey: qk.admin.mail, queryFn: () => listAdminMail() });
}
