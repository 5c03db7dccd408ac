import type { THistoryQuery } from '@apiplay/core';
import { Clock, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useHistory, useHistoryMutations } from '../../api/hooks/history';
import { Button } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { Input, Select } from '../../components/ui/input';
import { methodColor } from '../../lib/request-item';
import { confirmAction } from '../../stores/confirm-store';
import { toast } from '../../stores/toast-store';
import { atLeast, useRole } from '../workspace/use-role';
import { HistoryEntryView } from './history-entry-view';
import { HistoryRetention } from './history-retention';

const statusFilters: { value: NonNullable<THistoryQuery['status']>; label: string }[] = [
  { value: '2xx', label: '2xx' },
  { value: '3xx', label: '3xx' },
  { value: '4xx', label: '4xx' },
  { value: '5xx', label: '5xx' },
  { value: 'error', label: 'No response' },
];

function isStatusFilter(v: string): v is NonNullable<THistoryQuery['status']> {
  return statusFilters.some((s) => s.value === v);
}

/** The workspace's history: filters, every entry in detail, delete one or all, and the retention setting. */
export function HistoryPage() {
  const { wid = '' } = useParams();
  const navigate = useNavigate();
  const role = useRole(wid);
  const canEdit = role === null || atLeast(role, 'editor');
  const [q, setQ] = useState('');
  const [method, setMethod] = useState('');
  const [status, setStatus] = useState<THistoryQuery['status'] | undefined>(undefined);
  const [selected, setSelected] = useState<string | null>(null);
  const history = useHistory(wid, { q, method, ...(status ? { status } : {}) });
  const { clear } = useHistoryMutations(wid);
  const entries = history.data?.pages.flatMap((p) => p.items) ?? [];
  const entry = entries.find((e) => e.id === selected) ?? null;
  const filtered = q !== '' || method !== '' || status !== undefined;

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex flex-wrap items-center gap-3 border-b border-zinc-200 px-6 py-3 dark:border-zinc-800">
        <h1 className="text-lg font-semibold">History</h1>
        <Input
          type="search"
          aria-label="Search URL"
          placeholder="Search URL"
          className="max-w-xs"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <Select aria-label="Method" value={method} onChange={(e) => setMethod(e.target.value)}>
          <option value="">All methods</option>
          {['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].map((m) => (
            <option key={m}>{m}</option>
          ))}
        </Select>
        <Select
          aria-label="Status"
          value={status ?? ''}
          onChange={(e) => setStatus(isStatusFilter(e.target.value) ? e.target.value : undefined)}
        >
          <option value="">Any status</option>
          {statusFilters.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </Select>
        <div className="ml-auto flex items-center gap-3">
          <HistoryRetention wid={wid} canChange={atLeast(role, 'admin')} />
          {canEdit ? (
            <Button
              variant="ghost"
              disabled={entries.length === 0}
              onClick={async () => {
                if (
                  await confirmAction({
                    title: 'Clear all history?',
                    message:
                      'Every entry of this workspace is deleted, for every member. This cannot be undone.',
                    confirmLabel: 'Clear history',
                    danger: true,
                  })
                ) {
                  await clear.mutateAsync();
                  setSelected(null);
                  toast.success('History cleared');
                }
              }}
            >
              <Trash2 aria-hidden className="h-4 w-4" /> Clear
            </Button>
          ) : null}
        </div>
      </div>
      {history.isSuccess && entries.length === 0 ? (
        <EmptyState icon={Clock} title={filtered ? 'Nothing matches' : 'No history yet'}>
          {filtered
            ? 'No entry matches these filters.'
            : 'Every request you send and every request of a collection run is recorded here.'}
        </EmptyState>
      ) : (
        <div className="grid min-h-0 flex-1 grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
          <div className="min-h-0 overflow-auto border-r border-zinc-200 dark:border-zinc-800">
            <ul aria-label="History entries">
              {entries.map((e) => (
                <li key={e.id}>
                  <button
                    type="button"
                    aria-current={e.id === selected}
                    onClick={() => setSelected(e.id)}
                    className={`flex w-full flex-col gap-0.5 border-b border-zinc-100 px-4 py-2 text-left dark:border-zinc-900 ${
                      e.id === selected
                        ? 'bg-orange-50 dark:bg-orange-950/40'
                        : 'hover:bg-zinc-100 dark:hover:bg-zinc-900'
                    }`}
                  >
                    <span className="flex w-full gap-2 text-xs">
                      <span className={`font-mono font-bold ${methodColor[e.method] ?? ''}`}>{e.method}</span>
                      <span
                        className={
                          e.status === null || e.status >= 400
                            ? 'text-red-700 dark:text-red-400'
                            : 'text-green-700 dark:text-green-400'
                        }
                      >
                        {e.status ?? 'ERR'}
                      </span>
                      <span className="text-zinc-600 dark:text-zinc-400">
                        {e.durationMs !== null ? `${Math.round(e.durationMs)} ms` : ''}
                      </span>
                      <span className="ml-auto text-zinc-600 dark:text-zinc-400">
                        {new Date(e.createdAt).toLocaleString()}
                      </span>
                    </span>
                    <span className="w-full truncate font-mono text-xs">{e.url}</span>
                  </button>
                </li>
              ))}
            </ul>
            {history.hasNextPage ? (
              <Button
                className="m-3"
                disabled={history.isFetchingNextPage}
                onClick={() => void history.fetchNextPage()}
              >
                Load more
              </Button>
            ) : null}
          </div>
          <div className="min-h-0 overflow-auto p-6">
            {entry ? (
              <HistoryEntryView
                wid={wid}
                entry={entry}
                canEdit={canEdit}
                onDeleted={() => setSelected(null)}
                onOpened={() => navigate(`/w/${wid}`)}
              />
            ) : (
              <p className="text-zinc-600 dark:text-zinc-400">
                Select an entry to see what was sent and received.
              </p>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
