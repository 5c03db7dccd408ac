import type { THistoryEntry, THistoryList, THistoryQuery, THistorySettings } from '@apiplay/core';
import { api } from './instance';

/** Filters of the history list; empty strings mean "any". */
export type HistoryFilter = Partial<Pick<THistoryQuery, 'q' | 'method' | 'status' | 'cursor' | 'limit'>>;

/** `GET /api/workspaces/:id/history`: newest first, one page. */
export const listHistory = (wid: string, filter: HistoryFilter) =>
  api.get<THistoryList>(`/api/workspaces/${encodeURIComponent(wid)}/history`, { query: { ...filter } });

/** `GET /api/history/:id`: one entry with its request, response head and inline body. */
export const getHistoryEntry = (id: string) =>
  api.get<THistoryEntry>(`/api/history/${encodeURIComponent(id)}`);

/** `GET /api/history/:id/body` as a Blob: the full body, also when it was too large to keep inline. */
export const downloadHistoryBody = (id: string) =>
  api.request<Blob>(`/api/history/${encodeURIComponent(id)}/body`, { asBlob: true });

/** `DELETE /api/history/:id`. */
export const deleteHistoryEntry = (id: string) => api.del<void>(`/api/history/${encodeURIComponent(id)}`);

/** `DELETE /api/workspaces/:id/history`: every entry of the workspace. */
export const clearHistory = (wid: string) =>
  api.del<void>(`/api/workspaces/${encodeURIComponent(wid)}/history`);

/** `GET /api/workspaces/:id/history/settings`: retention in days. */
export const getHistorySettings = (wid: string) =>
  api.get<THistorySettings>(`/api/workspaces/${encodeURIComponent(wid)}/history/settings`);

/** `PUT /api/workspaces/:id/history/settings` (admins). */
export const putHistorySettings = (wid: string, body: THistorySettings) =>
  api.request<THistorySettings>(`/api/workspaces/${encodeURIComponent(wid)}/history/settings`, {
    method: 'PUT',
    body,
  });
