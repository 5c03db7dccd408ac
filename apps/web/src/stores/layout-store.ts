import { create } from 'zustand';
import { persist } from 'zustand/middleware';

/** Pane sizes the user dragged (kept across reloads). */
interface LayoutState {
  /** Sidebar width in px. */
  sidebarWidth: number;
  /** Share of the request/response column the request editor takes (0.15–0.85). */
  editorShare: number;
  setSidebarWidth: (px: number) => void;
  setEditorShare: (share: number) => void;
}

export const SIDEBAR_MIN = 200;
export const SIDEBAR_MAX = 600;

export const useLayoutStore = create<LayoutState>()(
  persist(
    (set) => ({
      sidebarWidth: 288,
      editorShare: 0.4,
      setSidebarWidth: (px) =>
        set({ sidebarWidth: Math.round(Math.min(SIDEBAR_MAX, Math.max(SIDEBAR_MIN, px))) }),
      setEditorShare: (share) => set({ editorShare: Math.min(0.85, Math.max(0.15, share)) }),
    }),
    { name: 'apiplay.layout', version: 1 },
  ),
);
