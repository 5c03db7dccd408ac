import type { THistoryEntry, THistoryQuery, TRequest } from '@apiplay/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { useHistory } from '../../api/hooks/history';
import { Input, Select } from '../../components/ui/input';
import { blankRequest } from '../../lib/request-defaults';
import { methodColor } from '../../lib/request-item';
import { useTabsStore } from '../../stores/tabs-store';

/** Rebuild an editable request from a history entry (the saved request if present, else method + URL). */
function toRequest(e: THistoryEntry): Partial<TRequest> {
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
  const [q, setQ] = useState('');
  const [method, setMethod] = useState('');
  const [status, setStatus] = useState<THistoryQuery['status'] | ''>('');
  const history = useHistory(wid, { q, method, ...(status ? { status } : {}) });
  const openNew = useTabsStore((s) => s.openNew);
  const ref = useRef<HTMLDivElement>(null);
  const entries = useMemo(() => {
    const all = history.data?.pages.flatMap((p) => p.items) ?? [];
    // The server filters too; this keeps the list right while a refetch is in flight.
    return all.filter(
      (e) =>
        (!method || e.method === method) &&
        (!status ||
          (status === 'error'
            ? e.status === null
            : e.status !== null && String(e.status).startsWith(status[0] ?? ''))),
    );
  }, [history.data, method, status]);
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
      <div className="flex flex-col gap-1 border-b border-zinc-200 p-2 dark:border-zinc-800">
        <Input
          type="search"
          aria-label="Search history"
          placeholder="Search URL"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <div className="flex gap-1">
          <Select aria-label="Method filter" value={method} onChange={(e) => setMethod(e.target.value)}>
            <option value="">All methods</option>
            {['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].map((m) => (
              <option key={m}>{m}</option>
            ))}
          </Select>
          <Select
            aria-label="Status filter"
            value={status}
            onChange={(e) => setStatus(e.target.value as THistoryQuery['status'] | '')}
          >
            <option value="">All status</option>
            <option value="2xx">2xx</option>
            <option value="3xx">3xx</option>
            <option value="4xx">4xx</option>
            <option value="5xx">5xx</option>
            <option value="error">No response</option>
          </Select>
        </div>
      </div>
      {entries.length === 0 && !history.isLoading ? (
        <p className="p-3 text-zinc-500">No history yet.</p>
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
                <button
                  type="button"
                  onClick={() => openNew(wid, blankRequest(toRequest(e)))}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    height: 40,
                    transform: `translateY(${row.start}px)`,
                  }}
                  className="flex flex-col items-start justify-center border-b border-zinc-100 px-2 text-left hover:bg-zinc-100 dark:border-zinc-900 dark:hover:bg-zinc-900"
                  title="Open as a new tab"
                >
                  <span className="flex w-full gap-2 text-xs">
                    <span className={`font-mono font-bold ${methodColor[e.method] ?? ''}`}>{e.method}</span>
                    <span className={e.status && e.status >= 400 ? 'text-red-600' : 'text-green-600'}>
                      {e.status ?? 'ERR'}
                    </span>
                    <span className="text-zinc-500">
                      {e.durationMs !== null ? `${Math.round(e.durationMs)} ms` : ''}
                    </span>
                    <span className="ml-auto text-zinc-400">
                      {new Date(e.createdAt).toLocaleTimeString()}
                    </span>
                  </span>
                  <span className="w-full truncate font-mono text-xs">{e.url}</span>
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
