import type { TExecution } from '@apiplay/core';
import { create } from 'zustand';

export interface ExecState {
  status: 'sending' | 'done' | 'error';
  result?: TExecution;
  error?: string;
  startedAt: number;
  /** performance.now() when the response arrived in the browser (bench: body visible time is measured from it). */
  receivedAt?: number;
  controller?: AbortController;
}

interface ExecStore {
  byTab: Record<string, ExecState>;
  set: (tabId: string, state: ExecState) => void;
}

/** Last execution per tab; in memory only (bodies can be 50 MB — never persisted). */
export const useExecStore = create<ExecStore>()((set) => ({
  byTab: {},
  set: (tabId, state) => set((s) => ({ byTab: { ...s.byTab, [tabId]: state } })),
}));
