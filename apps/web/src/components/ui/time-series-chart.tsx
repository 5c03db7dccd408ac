import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  /** One value per x; null leaves a gap. */
  values: readonly (number | null)[];
  color: string;
}

export interface TimeSeriesChartProps {
  title: string;
  /** x values: seconds since the start, or unix seconds when `time` is set. */
  x: readonly number[];
  series: readonly ChartSeries[];
  unit?: string;
  /** x is unix time (seconds): the axis shows dates. */
  time?: boolean;
  width?: number;
  height?: number;
}

function toData(x: readonly number[], series: readonly ChartSeries[]): uPlot.AlignedData {
  return [x as number[], ...series.map((s) => s.values as (number | null)[])];
}

/**
 * A line chart on uPlot (canvas). It is created once and fed new data with `setData`, which redraws the canvas
 * without React re-rendering any DOM per point: live load charts stay smooth at one update per second.
 */
export function TimeSeriesChart({
  title,
  x,
  series,
  unit = '',
  time = false,
  width = 420,
  height = 160,
}: TimeSeriesChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const labels = series.map((s) => `${s.label}:${s.color}`).join('|');

  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt only when the series themselves change; data goes through setData below
  useEffect(() => {
    const el = host.current;
    if (!el) {
      return;
    }
    const opts: uPlot.Options = {
      width,
      height,
      scales: { x: { time } },
      axes: [{}, { values: (_u, ticks) => ticks.map((v) => `${v}${unit}`) }],
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5, spanGaps: false }))],
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
    };
    plot.current = new uPlot(opts, toData(x, series), el);
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, [labels, width, height, time, unit]);

  useEffect(() => {
    plot.current?.setData(toData(x, series));
  }, [x, series]);

  return (
    <figure className="flex flex-col" aria-label={title}>
      <figcaption className="text-xs text-zinc-500 dark:text-zinc-400">{title}</figcaption>
      <div ref={host} />
    </figure>
  );
}
