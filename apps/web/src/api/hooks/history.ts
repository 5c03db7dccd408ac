import { useInfiniteQuery } from '@tanstack/react-query';
import { type HistoryFilter, listHistory } from '../history';
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
