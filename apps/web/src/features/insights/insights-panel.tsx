import type { TInsightsQuery } from '@apiplay/core';
import { useMemo, useState } from 'react';
import { useInsights } from '../../api/hooks/load-runs';
import { type ChartSeries, TimeSeriesChart } from '../../components/ui/time-series-chart';

const WINDOWS: { id: TInsightsQuery['window']; label: string }[] = [
  { id: 'day', label: 'Last 24 h' },
  { id: 'week', label: 'Last 7 days' },
  { id: 'month', label: 'Last 30 days' },
];

const ms = (v: number | null) => (v === null ? '–' : `${v.toFixed(v < 10 ? 1 : 0)} ms`);

/** A saved request's latency percentiles and error rate over time, from its history (computed by the server). */
export function InsightsPanel({ requestId }: { requestId: string }) {
  const [window, setWindow] = useState<TInsightsQuery['window']>('day');
  const { data, isLoading } = useInsights(requestId, window);
  const charts = useMemo(() => {
    const buckets = data?.buckets ?? [];
    const x = buckets.map((b) => Date.parse(b.start) / 1000);
    const latency: ChartSeries[] = [
      { label: 'p50', values: buckets.map((b) => b.p50), color: '#0284c7' },
      { label: 'p95', values: buckets.map((b) => b.p95), color: '#ea580c' },
      { label: 'p99', values: buckets.map((b) => b.p99), color: '#dc2626' },
    ];
    const errors: ChartSeries[] = [
      {
        label: 'error rate',
        values: buckets.map((b) => (b.errorRate === null ? null : b.errorRate * 100)),
        color: '#dc2626',
      },
    ];
    return { x, latency, errors };
  }, [data]);
  return (
    <section aria-label="Insights" className="flex flex-col gap-3">
      <div className="flex items-center gap-2">
        <label className="text-sm" htmlFor="insights-window">
          Window
        </label>
        <select
          id="insights-window"
          className="rounded border border-zinc-300 px-1 dark:border-zinc-700 dark:bg-zinc-900"
          value={window}
          onChange={(e) => setWindow(e.target.value as TInsightsQuery['window'])}
        >
          {WINDOWS.map((w) => (
            <option key={w.id} value={w.id}>
              {w.label}
            </option>
          ))}
        </select>
      </div>
      {isLoading ? <p>Loading…</p> : null}
      {data && data.total.count === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          No executions of this request in this window yet: send it to see insights.
        </p>
      ) : null}
      {data && data.total.count > 0 ? (
        <>
          <p className="text-sm" data-testid="insights-total">
            {data.total.count} executions · p50 {ms(data.total.p50)} · p95 {ms(data.total.p95)} · p99{' '}
            {ms(data.total.p99)} · errors {((data.total.errorRate ?? 0) * 100).toFixed(1)}%
          </p>
          <div className="flex flex-wrap gap-4">
            <TimeSeriesChart title="Latency (ms)" x={charts.x} series={charts.latency} time unit="" />
            <TimeSeriesChart title="Error rate (%)" x={charts.x} series={charts.errors} time unit="%" />
          </div>
        </>
      ) : null}
    </section>
  );
}
