import type { THistorySettings } from '@apiplay/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  clearHistory,
  deleteHistoryEntry,
  downloadHistoryBody,
  getHistoryEntry,
  getHistorySettings,
  type HistoryFilter,
  listHistory,
  putHistorySettings,
} from '../history';
import { qk } from '../query-keys';

/** History pages, newest first, filtered by URL text, method and status class. */
export function useHistory(wid: string | undefined, filter: Omit<HistoryFilter, 'cursor' | 'limit'>) {
  return useInfiniteQuery({
    queryKey: [...qk.history(wid ?? ''), filter.q ?? '', filter.method ?? '', filter.status ?? ''],
    queryFn: ({ pageParam }) =>
      listHistory(wid ?? '', {
        ...(pageParam ? { cursor: pageParam } : {}),
        limit: 100,
        ...(filter.q ? { q: filter.q } : {}),
        ...(filter.method ? { method: filter.method } : {}),
        ...(filter.status ? { status: filter.status } : {}),
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: Boolean(wid),
  });
}

/** One history entry (the list already holds it; this re-reads it when opened from a link). */
export function useHistoryEntry(id: string | null) {
  return useQuery({
    queryKey: ['historyEntry', id ?? ''],
    queryFn: () => getHistoryEntry(id ?? ''),
    enabled: id !== null,
  });
}

/** Delete one entry, clear the workspace's history, download an entry's full body. */
export function useHistoryMutations(wid: string) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: qk.history(wid) });
  return {
    deleteEntry: useMutation({ mutationFn: (id: string) => deleteHistoryEntry(id), onSuccess: refresh }),
    clear: useMutation({ mutationFn: () => clearHistory(wid), onSuccess: refresh }),
    downloadBody: useMutation({ mutationFn: (id: string) => downloadHistoryBody(id) }),
  };
}

/** History retention (days); admins change it. */
export function useHistorySettings(wid: string) {
  const qc = useQueryClient();
  return {
    settings: useQuery({ queryKey: qk.historySettings(wid), queryFn: () => getHistorySettings(wid) }),
    save: useMutation({
      mutationFn: (body: THistorySettings) => putHistorySettings(wid, body),
      onSuccess: (saved) => qc.setQueryData(qk.historySettings(wid), saved),
    }),
  };
}
