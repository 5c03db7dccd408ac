import { create } from 'zustand';
import { persist } from 'zustand/middleware';

interface WorkspaceUiState {
  lastWorkspaceId: string | null;
  /** Active environment per workspace. */
  activeEnv: Record<string, string | null>;
  /** Expanded folders/collections in the sidebar, by id. */
  expanded: Record<string, boolean>;
  setLastWorkspace: (id: string) => void;
  setActiveEnv: (workspaceId: string, envId: string | null) => void;
  toggleExpanded: (id: string, value?: boolean) => void;
}

export const useWorkspaceStore = create<WorkspaceUiState>()(
  persist(
    (set) => ({
      lastWorkspaceId: null,
      activeEnv: {},
      expanded: {},
      setLastWorkspace: (id) => set({ lastWorkspaceId: id }),
      setActiveEnv: (workspaceId, envId) =>
        set((s) => ({ activeEnv: { ...s.activeEnv, [workspaceId]: envId } })),
      toggleExpanded: (id, value) =>
        set((s) => ({ expanded: { ...s.expanded, [id]: value ?? !s.expanded[id] } })),
    }),
    { name: 'apiplay.workspace', version: 1 },
  ),
);
