import type { TLoadRun, TLoadRunListItem } from '@apiplay/core';
import { useState } from 'react';
import { useLoadRun, useLoadRuns } from '../../api/hooks/load-runs';
import { Button } from '../../components/ui/button';
import { LoadCharts } from './load-charts';

const ms = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(0));

function Compare({ a, b }: { a: string; b: string }) {
  const left = useLoadRun(a).data;
  const right = useLoadRun(b).data;
  if (!left || !right) {
    return <p>Loading…</p>;
  }
  const metrics: [string, (r: TLoadRun) => string][] = [
    ['Status', (r) => r.status],
    ['Requests', (r) => String(r.summary?.requests ?? '–')],
    ['req/s', (r) => r.summary?.rps.toFixed(1) ?? '–'],
    ['p50 ms', (r) => ms(r.summary?.latency.p50)],
    ['p95 ms', (r) => ms(r.summary?.latency.p95)],
    ['p99 ms', (r) => ms(r.summary?.latency.p99)],
    [
      'Failed',
      (r) =>
        r.summary && r.summary.requests > 0
          ? `${((r.summary.failed / r.summary.requests) * 100).toFixed(2)}%`
          : '–',
    ],
    ['Peak VUs', (r) => String(r.summary?.peakVus ?? '–')],
  ];
  return (
    <section aria-label="Comparison" className="flex flex-col gap-2">
      <table className="max-w-2xl text-sm">
        <thead>
          <tr className="text-left text-zinc-500 dark:text-zinc-400">
            <th />
            <th>{new Date(left.createdAt).toLocaleString()}</th>
            <th>{new Date(right.createdAt).toLocaleString()}</th>
          </tr>
        </thead>
        <tbody>
          {metrics.map(([label, f]) => (
            <tr key={label}>
              <td className="pr-4 text-zinc-500 dark:text-zinc-400">{label}</td>
              <td>{f(left)}</td>
              <td>{f(right)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="grid grid-cols-2 gap-4">
        <LoadCharts samples={left.series} width={300} />
        <LoadCharts samples={right.series} width={300} />
      </div>
    </section>
  );
}

/** Saved load runs: open one, or tick two to compare them side by side. */
export function SavedLoadRuns({ wid, onOpen }: { wid: string; onOpen: (id: string) => void }) {
  const { data } = useLoadRuns(wid);
  const [picked, setPicked] = useState<string[]>([]);
  const [comparing, setComparing] = useState<[string, string] | null>(null);
  const toggle = (id: string) =>
    setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p.slice(-1), id]));
  const items: TLoadRunListItem[] = data?.items ?? [];
  return (
    <section aria-label="Saved load runs" className="flex flex-col gap-2">
      <div className="flex items-center gap-2">
        <h2 className="font-semibold">Saved load runs</h2>
        <Button
          disabled={picked.length !== 2}
          onClick={() => setComparing([picked[0] ?? '', picked[1] ?? ''])}
        >
          Compare
        </Button>
      </div>
      {data && items.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          No load test has run in this workspace yet. Each one is saved here with its per-second series and
          summary; tick two to compare them.
        </p>
      ) : null}
      <table className="max-w-4xl text-sm">
        <tbody>
          {items.map((r) => (
            <tr key={r.id} className="border-t border-zinc-100 dark:border-zinc-800">
              <td>
                <input
                  type="checkbox"
                  aria-label={`Pick ${r.collectionName} ${r.createdAt} to compare`}
                  checked={picked.includes(r.id)}
                  onChange={() => toggle(r.id)}
                />
              </td>
              <td>
                <button type="button" className="underline" onClick={() => onOpen(r.id)}>
                  {r.collectionName}
                </button>
              </td>
              <td>{new Date(r.createdAt).toLocaleString()}</td>
              <td>{r.status}</td>
              <td>{r.summary ? `${r.summary.requests} req · p95 ${ms(r.summary.latency.p95)} ms` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {comparing ? <Compare a={comparing[0]} b={comparing[1]} /> : null}
    </section>
  );
}
