import type { TWorkspaceRole } from '@apiplay/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  acceptInvitation,
  createInvitation,
  listInvitations,
  listMembers,
  removeMember,
  setMemberRole,
} from '../members';
import { qk } from '../query-keys';

export function useMembers(wid: string) {
  return useQuery({
    queryKey: qk.members(wid),
    queryFn: async () => (await listMembers(wid)).items,
    enabled: Boolean(wid),
  });
}

/** Pending invitations (admins only: others never ask). */
export function useInvitations(wid: string, enabled: boolean) {
  return useQuery({
    queryKey: qk.invitations(wid),
    queryFn: async () => (await listInvitations(wid)).items,
    enabled: Boolean(wid) && enabled,
    retry: false,
  });
}

export function useMemberMutations(wid: string) {
  const qc = useQueryClient();
  const done = () => {
    void qc.invalidateQueries({ queryKey: qk.members(wid) });
    void qc.invalidateQueries({ queryKey: qk.invitations(wid) });
  };
  return {
    invite: useMutation({
      mutationFn: (input: { email: string; role: Exclude<TWorkspaceRole, 'owner'> }) =>
        createInvitation(wid, input),
      onSuccess: done,
    }),
    setRole: useMutation({
      mutationFn: (input: { userId: string; role: TWorkspaceRole }) =>
        setMemberRole(wid, input.userId, { role: input.role }),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (userId: string) => removeMember(wid, userId),
      onSuccess: done,
    }),
  };
}

/** Accept an invitation; resolves with the joined workspace. */
export function useAcceptInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => acceptInvitation(token),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.workspaces }),
  });
}
