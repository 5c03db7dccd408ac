import type { TRequest } from '@apiplay/core';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { newId } from '../lib/ids';
import { blankRequest } from '../lib/request-defaults';

export interface RequestTab {
  /** Tab id (stable across reloads). */
  id: string;
  workspaceId: string;
  /** Saved item id, null for a request never saved. */
  itemId: string | null;
  collectionId: string | null;
  /** What the editor shows, including unsaved edits. */
  draft: TRequest;
  /** The last saved version; null when never saved. */
  base: TRequest | null;
}

interface TabsState {
  tabs: RequestTab[];
  activeId: string | null;
  /** Open a saved request (focuses the existing tab if any). */
  openItem: (workspaceId: string, collectionId: string, request: TRequest) => string;
  openNew: (workspaceId: string, request?: Partial<TRequest>) => string;
  close: (tabId: string) => void;
  activate: (tabId: string) => void;
  updateDraft: (tabId: string, patch: Partial<TRequest> | ((draft: TRequest) => TRequest)) => void;
  /** After a successful save: the draft becomes the base. */
  markSaved: (tabId: string, saved: { itemId: string; collectionId: string; request: TRequest }) => void;
  /** A teammate changed the saved request: refresh base and, when the tab is clean, the draft too. */
  syncBase: (itemId: string, request: TRequest) => void;
  /** The saved item was deleted: keep the draft as an unsaved tab. */
  detach: (itemId: string) => void;
  renameItem: (itemId: string, name: string) => void;
}

/** Compare two requests ignoring key order differences that JSON would not show. */
export function sameRequest(a: TRequest | null, b: TRequest | null): boolean {
  if (!a || !b) {
    return false;
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Three-way merge of a teammate's save into a local draft, field by field: fields the user has not touched
 * (still equal to the old base) take the new saved value; edited fields keep the user's value.
 */
export function mergeDraft(draft: TRequest, oldBase: TRequest | null, next: TRequest): TRequest {
  if (!oldBase) {
    return draft;
  }
  const out: Record<string, unknown> = { ...draft };
  for (const key of Object.keys(next) as (keyof TRequest)[]) {
    if (JSON.stringify(draft[key]) === JSON.stringify(oldBase[key])) {
      out[key] = next[key];
    }
  }
  return out as TRequest;
}

export function isDirty(tab: RequestTab): boolean {
  return tab.base === null ? true : !sameRequest(tab.draft, tab.base);
}

/**
 * Open tabs and their drafts, persisted to localStorage so edits survive reloads and session expiry
 * (signing out never touches this store).
 */
export const useTabsStore = create<TabsState>()(
  persist(
    (set, get) => ({
      tabs: [],
      activeId: null,
      openItem: (workspaceId, collectionId, request) => {
        const existing = get().tabs.find((t) => t.itemId === request.id && t.workspaceId === workspaceId);
        if (existing) {
          set({ activeId: existing.id });
          return existing.id;
        }
        const tab: RequestTab = {
          id: newId('tab_'),
          workspaceId,
          itemId: request.id,
          collectionId,
          draft: request,
          base: request,
        };
        set((s) => ({ tabs: [...s.tabs, tab], activeId: tab.id }));
        return tab.id;
      },
      openNew: (workspaceId, request) => {
        const tab: RequestTab = {
          id: newId('tab_'),
          workspaceId,
          itemId: null,
          collectionId: null,
          draft: blankRequest(request),
          base: null,
        };
        set((s) => ({ tabs: [...s.tabs, tab], activeId: tab.id }));
        return tab.id;
      },
      close: (tabId) =>
        set((s) => {
          const idx = s.tabs.findIndex((t) => t.id === tabId);
          const tabs = s.tabs.filter((t) => t.id !== tabId);
          let activeId = s.activeId;
          if (activeId === tabId) {
            activeId = tabs[Math.min(idx, tabs.length - 1)]?.id ?? null;
          }
          return { tabs, activeId };
        }),
      activate: (tabId) => set({ activeId: tabId }),
      updateDraft: (tabId, patch) =>
        set((s) => ({
          tabs: s.tabs.map((t) =>
            t.id === tabId
              ? { ...t, draft: typeof patch === 'function' ? patch(t.draft) : { ...t.draft, ...patch } }
              : t,
          ),
        })),
      markSaved: (tabId, saved) =>
        set((s) => ({
          tabs: s.tabs.map((t) =>
            t.id === tabId
              ? {
                  ...t,
                  itemId: saved.itemId,
                  collectionId: saved.collectionId,
                  draft: saved.request,
                  base: saved.request,
                }
              : t,
          ),
        })),
      syncBase: (itemId, request) =>
        set((s) => ({
          tabs: s.tabs.map((t) => {
            if (t.itemId !== itemId || sameRequest(t.base, request)) {
              return t;
            }
            return { ...t, base: request, draft: mergeDraft(t.draft, t.base, request) };
          }),
        })),
      detach: (itemId) =>
        set((s) => ({
          tabs: s.tabs.map((t) =>
            t.itemId === itemId ? { ...t, itemId: null, collectionId: null, base: null } : t,
          ),
        })),
      renameItem: (itemId, name) =>
        set((s) => ({
          tabs: s.tabs.map((t) =>
            t.itemId === itemId
              ? {
                  ...t,
                  draft: { ...t.draft, name },
                  base: t.base ? { ...t.base, name } : t.base,
                }
              : t,
          ),
        })),
    }),
    { name: 'apiplay.tabs', version: 1, storage: createJSONStorage(() => localStorage) },
  ),
);
