import type { THistoryList, THistoryQuery } from '@apiplay/core';
import { api } from './instance';

/** Filters of the history list; empty strings mean "any". */
export type HistoryFilter = Partial<Pick<THistoryQuery, 'q' | 'method' | 'status' | 'cursor' | 'limit'>>;

/** `GET /api/workspaces/:id/history`: newest first, one page. */
export const listHistory = (wid: string, filter: HistoryFilter) =>
  api.get<THistoryList>(`/api/workspaces/${encodeURIComponent(wid)}/history`, { query: { ...filter } });
