import { Clock, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useHistory, useHistoryMutations } from '../../api/hooks/history';
import { Button } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { confirmAction } from '../../stores/confirm-store';
import { toast } from '../../stores/toast-store';
import { atLeast, useRole } from '../workspace/use-role';
import { HistoryEntryView } from './history-entry-view';
import { HistoryFilters, type HistoryFilterValue, historyQuery, noHistoryFilter } from './history-filters';
import { HistoryRetention } from './history-retention';
import { HistoryRow } from './history-row';

/** The workspace's history: filters, every entry in detail, delete one or all, and the retention setting. */
export function HistoryPage() {
  const { wid = '' } = useParams();
  const navigate = useNavigate();
  const role = useRole(wid);
  const canEdit = role === null || atLeast(role, 'editor');
  const [filter, setFilter] = useState<HistoryFilterValue>(noHistoryFilter);
  const [selected, setSelected] = useState<string | null>(null);
  const history = useHistory(wid, historyQuery(filter));
  const { clear } = useHistoryMutations(wid);
  const entries = history.data?.pages.flatMap((p) => p.items) ?? [];
  const entry = entries.find((e) => e.id === selected) ?? null;
  const filtered = filter.q !== '' || filter.method !== '' || filter.status !== '';

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex flex-wrap items-center gap-3 border-b border-zinc-200 px-6 py-3 dark:border-zinc-800">
        <h1 className="text-lg font-semibold">History</h1>
        <HistoryFilters value={filter} onChange={setFilter} />
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
                  <HistoryRow entry={e} selected={e.id === selected} onClick={() => setSelected(e.id)} />
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
