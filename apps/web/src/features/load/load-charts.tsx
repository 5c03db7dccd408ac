import type { TLoadRequestRow, TLoadSample } from '@apiplay/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useMemo, useRef } from 'react';
import { TimeSeriesChart } from '../../components/ui/time-series-chart';

const ms = (v: number | null) => (v === null ? '–' : v.toFixed(v < 10 ? 1 : 0));

/** req/s, latency percentiles, errors, checks and VUs per second. */
export function LoadCharts({ samples, width = 360 }: { samples: readonly TLoadSample[]; width?: number }) {
  const c = useMemo(() => {
    const x = samples.map((s) => s.t);
    return {
      x,
      rps: [{ label: 'req/s', values: samples.map((s) => s.rps), color: '#0284c7' }],
      latency: [
        { label: 'p50', values: samples.map((s) => s.p50), color: '#0284c7' },
        { label: 'p95', values: samples.map((s) => s.p95), color: '#ea580c' },
        { label: 'p99', values: samples.map((s) => s.p99), color: '#dc2626' },
      ],
      errors: [{ label: 'failed', values: samples.map((s) => s.failed), color: '#dc2626' }],
      checks: [
        { label: 'passed', values: samples.map((s) => s.checksPassed), color: '#16a34a' },
        { label: 'failed', values: samples.map((s) => s.checksFailed), color: '#dc2626' },
      ],
      vus: [{ label: 'VUs', values: samples.map((s) => s.vus), color: '#7c3aed' }],
    };
  }, [samples]);
  return (
    <div className="flex flex-wrap gap-4" data-testid="load-charts">
      <TimeSeriesChart title="Requests per second" x={c.x} series={c.rps} width={width} />
      <TimeSeriesChart title="Latency (ms)" x={c.x} series={c.latency} width={width} />
      <TimeSeriesChart title="Errors per second" x={c.x} series={c.errors} width={width} />
      <TimeSeriesChart title="Checks per second" x={c.x} series={c.checks} width={width} />
      <TimeSeriesChart title="Virtual users" x={c.x} series={c.vus} width={width} />
    </div>
  );
}

const ROW_PX = 24;

const Row = memo(
  function Row({ r }: { r: TLoadRequestRow }) {
    const checks = r.checksPassed + r.checksFailed;
    return (
      <tr className="border-t border-zinc-100 dark:border-zinc-800" style={{ height: ROW_PX }}>
        <td className="max-w-xs truncate pr-2">{r.name}</td>
        <td className="text-right">{r.requests}</td>
        <td className="text-right">
          {r.requests === 0 ? '–' : `${((r.failed / r.requests) * 100).toFixed(1)}%`}
        </td>
        <td className="text-right">{ms(r.p50)}</td>
        <td className="text-right">{ms(r.p95)}</td>
        <td className="text-right">{ms(r.p99)}</td>
        <td className="text-right">
          {checks === 0 ? '–' : `${((r.checksPassed / checks) * 100).toFixed(1)}%`}
        </td>
      </tr>
    );
  },
  // Every second brings new row objects: compare what is shown, so unchanged rows skip rendering.
  (a, b) =>
    a.r.requests === b.r.requests &&
    a.r.failed === b.r.failed &&
    a.r.p50 === b.r.p50 &&
    a.r.p95 === b.r.p95 &&
    a.r.p99 === b.r.p99 &&
    a.r.checksPassed === b.r.checksPassed &&
    a.r.checksFailed === b.r.checksFailed,
);

/**
 * Per-request totals, virtualized (spacer rows above and below what is in view): a collection of hundreds of
 * requests updated every second costs the main thread one screenful of rows.
 */
export function RequestTable({ rows }: { rows: readonly TLoadRequestRow[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 8,
  });
  const items = v.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = v.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  return (
    <div ref={scroller} className="max-h-96 max-w-4xl overflow-auto">
      <table className="w-full text-sm" aria-label="Per-request results" data-rows={rows.length}>
        <thead className="sticky top-0 bg-white dark:bg-zinc-950">
          <tr className="text-left text-zinc-500 dark:text-zinc-400">
            <th>Request</th>
            <th className="text-right">Requests</th>
            <th className="text-right">Failed</th>
            <th className="text-right">p50 ms</th>
            <th className="text-right">p95 ms</th>
            <th className="text-right">p99 ms</th>
            <th className="text-right">Checks</th>
          </tr>
        </thead>
        <tbody>
          {top > 0 ? <tr style={{ height: top }} /> : null}
          {items.map((item) => {
            const r = rows[item.index];
            return r ? <Row key={r.name} r={r} /> : null;
          })}
          {bottom > 0 ? <tr style={{ height: bottom }} /> : null}
        </tbody>
      </table>
    </div>
  );
}
