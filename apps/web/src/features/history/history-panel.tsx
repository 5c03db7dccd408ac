import type { THistoryEntry, TRequest } from '@apiplay/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { useHistory } from '../../api/hooks/history';
import { statusClass } from '../../lib/http-status';
import { blankRequest } from '../../lib/request-defaults';
import { useTabsStore } from '../../stores/tabs-store';
import { HistoryFilters, type HistoryFilterValue, historyQuery, noHistoryFilter } from './history-filters';
import { HistoryRow } from './history-row';

/** Rebuild an editable request from a history entry (the saved request if present, else method + URL). */
export function toRequest(e: THistoryEntry): Partial<TRequest> {
  const r = e.request;
  const headers = r.headers.map((h) => ({ key: h.key, value: h.value, enabled: true }));
  const body = r.body ? { mode: 'raw' as const, raw: r.body, language: 'text' as const } : undefined;
  return {
    method: r.method,
    url: r.url,
    headers,
    ...(body ? { body } : {}),
    name: `${e.method} ${e.url}`.slice(0, 60),
  };
}

/** Virtualized history with a search box and a method/status filter; an entry opens as a new tab. */
export function HistoryPanel({ wid }: { wid: string }) {
  const [filter, setFilter] = useState<HistoryFilterValue>(noHistoryFilter);
  const history = useHistory(wid, historyQuery(filter));
  const openNew = useTabsStore((s) => s.openNew);
  const ref = useRef<HTMLDivElement>(null);
  const entries = useMemo(() => {
    const all = history.data?.pages.flatMap((p) => p.items) ?? [];
    // The server filters too; this keeps the list right while a refetch is in flight.
    return all.filter(
      (e) =>
        (!filter.method || e.method === filter.method) &&
        (!filter.status || statusClass(e.status) === filter.status),
    );
  }, [history.data, filter.method, filter.status]);
  const v = useVirtualizer({
    count: entries.length,
    getScrollElement: () => ref.current,
    estimateSize: () => 40,
    overscan: 10,
  });
  const items = v.getVirtualItems();
  const last = items[items.length - 1];
  if (last && last.index >= entries.length - 5 && history.hasNextPage && !history.isFetchingNextPage) {
    void history.fetchNextPage();
  }
  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="border-b border-zinc-200 p-2 dark:border-zinc-800">
        <HistoryFilters value={filter} onChange={setFilter} stacked />
      </div>
      {entries.length === 0 && !history.isLoading ? (
        <p className="p-3 text-zinc-600 dark:text-zinc-400">
          {filter.q || filter.method || filter.status ? 'No entry matches these filters.' : 'No history yet.'}
        </p>
      ) : null}
      <div ref={ref} className="min-h-0 flex-1 overflow-auto">
        <ul aria-label="History" style={{ height: v.getTotalSize(), position: 'relative' }}>
          {items.map((row) => {
            const e = entries[row.index];
            if (!e) {
              return null;
            }
            return (
              <li
                key={e.id}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: 40,
                  transform: `translateY(${row.start}px)`,
                }}
              >
                <HistoryRow
                  entry={e}
                  compact
                  onClick={() => openNew(wid, blankRequest(toRequest(e)))}
                  title="Open as a new tab"
                />
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
