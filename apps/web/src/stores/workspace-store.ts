import { create } from 'zustand';
import { persist } from 'zustand/middleware';

interface WorkspaceUiState {
  lastWorkspaceId: string | null;
  /** Expanded folders/collections in the sidebar, by id. */
  expanded: Record<string, boolean>;
  setLastWorkspace: (id: string) => void;
  toggleExpanded: (id: string, value?: boolean) => void;
}

export const useWorkspaceStore = create<WorkspaceUiState>()(
  persist(
    (set) => ({
      lastWorkspaceId: null,
      expanded: {},
      setLastWorkspace: (id) => set({ lastWorkspaceId: id }),
      toggleExpanded: (id, value) =>
        set((s) => ({ expanded: { ...s.expanded, [id]: value ?? !s.expanded[id] } })),
    }),
    { name: 'apiplay.workspace', version: 1 },
  ),
);
