import type { TWorkspaceRole } from '@apiplay/core';
import { useMembers } from '../../api/hooks/members';
import { useWorkspaces } from '../../api/hooks/workspaces';
import { useAuthStore } from '../../stores/auth-store';

const rank: Record<TWorkspaceRole, number> = { viewer: 0, editor: 1, admin: 2, owner: 3 };

/** The signed-in user's role in a workspace (from the workspace list, else from the member list). */
export function useRole(wid: string): TWorkspaceRole | null {
  const { data: workspaces } = useWorkspaces();
  const userId = useAuthStore((s) => s.user?.id);
  const fromList = workspaces?.find((w) => w.id === wid)?.role;
  const members = useMembers(wid);
  if (fromList) {
    return fromList;
  }
  return members.data?.find((m) => m.userId === userId)?.role ?? null;
}

export function atLeast(role: TWorkspaceRole | null, min: TWorkspaceRole): boolean {
  return role !== null && rank[role] >= rank[min];
}

/** Viewers read and execute; editors and up change content. Unknown role → allow, the server decides. */
export function useCanEdit(wid: string): boolean {
  const role = useRole(wid);
  return role === null ? true : atLeast(role, 'editor');
}
