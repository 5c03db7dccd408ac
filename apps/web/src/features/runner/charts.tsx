import { histogram } from './run-model';

/** Latency per request in run order (hand-rolled SVG). */
export function LatencyChart({ values }: { values: number[] }) {
  const w = 480;
  const h = 140;
  const pad = 28;
  if (values.length === 0) {
    return null;
  }
  const max = Math.max(...values, 1);
  const step = values.length > 1 ? (w - pad * 2) / (values.length - 1) : 0;
  const pts = values.map((v, i) => `${pad + i * step},${h - pad - (v / max) * (h - pad * 2)}`).join(' ');
  return (
    <figure className="flex flex-col">
      <svg
        width={w}
        height={h}
        role="img"
        aria-label={`Latency per request, max ${max.toFixed(0)} ms`}
        className="text-orange-700 dark:text-orange-400"
      >
        <line x1={pad} y1={h - pad} x2={w - pad} y2={h - pad} stroke="currentColor" strokeOpacity={0.2} />
        <line x1={pad} y1={pad} x2={pad} y2={h - pad} stroke="currentColor" strokeOpacity={0.2} />
        <polyline fill="none" stroke="currentColor" strokeWidth={1.5} points={pts} />
        <text x={pad + 4} y={pad - 6} fontSize={10} fill="gray">
          max {max.toFixed(0)} ms
        </text>
        <text x={pad - 10} y={h - pad + 4} fontSize={10} fill="gray">
          0
        </text>
      </svg>
      <figcaption className="text-xs text-zinc-500 dark:text-zinc-400">Latency per request</figcaption>
    </figure>
  );
}

export function Histogram({ values }: { values: number[] }) {
  const w = 320;
  const h = 140;
  const pad = 24;
  const buckets = histogram(values);
  if (buckets.length === 0) {
    return null;
  }
  const max = Math.max(...buckets.map((b) => b.count), 1);
  const bw = (w - pad * 2) / buckets.length;
  return (
    <figure className="flex flex-col">
      <svg
        width={w}
        height={h}
        role="img"
        aria-label="Latency histogram"
        className="text-sky-700 dark:text-sky-300"
      >
        {buckets.map((b, i) => {
          const bh = (b.count / max) * (h - pad * 2);
          return (
            <rect
              key={b.from}
              x={pad + i * bw + 1}
              y={h - pad - bh}
              width={bw - 2}
              height={bh}
              fill="currentColor"
            >
              <title>{`${b.from.toFixed(0)}–${b.to.toFixed(0)} ms: ${b.count}`}</title>
            </rect>
          );
        })}
        <text x={pad} y={h - 8} fontSize={10} fill="gray">
          {buckets[0]?.from.toFixed(0)}ms
        </text>
        <text x={w - pad - 30} y={h - 8} fontSize={10} fill="gray">
          {buckets[buckets.length - 1]?.to.toFixed(0)}ms
        </text>
      </svg>
      <figcaption className="text-xs text-zinc-500 dark:text-zinc-400">Latency distribution</figcaption>
    </figure>
  );
}
