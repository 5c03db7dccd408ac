import type { TRunStatus } from '@apiplay/core';
import { History, Play } from 'lucide-react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useCollections } from '../../api/hooks/collections';
import { useRuns } from '../../api/hooks/runs';
import { Button } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { Field, Select } from '../../components/ui/input';
import { formatDuration, formatWhen } from './format-time';
import { RunStatusBadge } from './run-status-badge';

const statuses: TRunStatus[] = ['queued', 'running', 'passed', 'failed', 'aborted'];

function isStatus(value: string | null): value is TRunStatus {
  return statuses.some((s) => s === value);
}

/** Past and current collection runs of the workspace, newest first, filtered by collection and status. */
export function RunsPage() {
  const { wid = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const collectionId = params.get('collection') ?? '';
  const statusParam = params.get('status');
  const status = isStatus(statusParam) ? statusParam : undefined;
  const { data: collections = [] } = useCollections(wid);
  const runs = useRuns(wid, { ...(collectionId ? { collectionId } : {}), ...(status ? { status } : {}) });
  const items = runs.data?.pages.flatMap((p) => p.items) ?? [];
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) {
      next.set(key, value);
    } else {
      next.delete(key);
    }
    setParams(next, { replace: true });
  };

  return (
    <div className="flex h-full min-h-0 flex-col gap-4 overflow-auto p-6">
      <div className="flex flex-wrap items-end gap-3">
        <h1 className="mr-auto text-lg font-semibold">Runs</h1>
        <Field label="Collection">
          <Select value={collectionId} onChange={(e) => setFilter('collection', e.target.value)}>
            <option value="">All collections</option>
            {collections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Status">
          <Select value={status ?? ''} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">Any status</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s[0]?.toUpperCase()}
                {s.slice(1)}
              </option>
            ))}
          </Select>
        </Field>
        <Link
          to={`/w/${wid}/runner${collectionId ? `?collection=${collectionId}` : ''}`}
          className="inline-flex items-center gap-1 rounded bg-orange-700 px-3 py-1.5 font-medium text-white hover:bg-orange-800"
        >
          <Play aria-hidden className="h-4 w-4" />
          New run
        </Link>
      </div>
      {runs.isSuccess && items.length === 0 ? (
        <EmptyState icon={History} title={collectionId || status ? 'No runs match' : 'No runs yet'}>
          {collectionId || status
            ? 'Try another collection or status.'
            : 'Runs started from the Runner, the CLI (apiplay run --server) or the API appear here with their results and reports.'}
        </EmptyState>
      ) : (
        <table className="w-full text-sm" aria-label="Runs">
          <thead>
            <tr className="text-left text-xs text-zinc-600 dark:text-zinc-400">
              <th className="py-1 pr-3 font-medium">Status</th>
              <th className="py-1 pr-3 font-medium">Collection</th>
              <th className="py-1 pr-3 font-medium">Started</th>
              <th className="py-1 pr-3 font-medium">Duration</th>
              <th className="py-1 pr-3 font-medium">Requests</th>
              <th className="py-1 font-medium">Failed</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-1.5 pr-3">
                  <RunStatusBadge status={r.status} />
                </td>
                <td className="py-1.5 pr-3">
                  <Link
                    className="text-orange-800 underline-offset-2 hover:underline dark:text-orange-300"
                    to={r.id}
                  >
                    {r.collectionName}
                  </Link>
                </td>
                <td className="py-1.5 pr-3 whitespace-nowrap">{formatWhen(r.startedAt ?? r.createdAt)}</td>
                <td className="py-1.5 pr-3 whitespace-nowrap">{formatDuration(r.startedAt, r.finishedAt)}</td>
                <td className="py-1.5 pr-3">
                  {r.completed}
                  {r.total ? ` / ${r.total}` : ''}
                </td>
                <td className={`py-1.5 ${r.failed > 0 ? 'text-red-700 dark:text-red-400' : ''}`}>
                  {r.failed}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {runs.hasNextPage ? (
        <Button
          className="self-start"
          disabled={runs.isFetchingNextPage}
          onClick={() => void runs.fetchNextPage()}
        >
          Load more
        </Button>
      ) : null}
    </div>
  );
}
