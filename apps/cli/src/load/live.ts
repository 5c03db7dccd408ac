import type { IntervalSample, LoadMetrics } from '@apiplay/core/load';
import { ms, pct } from './format';

export interface LiveState {
  sample: IntervalSample;
  metrics: LoadMetrics;
  /** Planned run time, ms. */
  plannedMs: number;
}

function bar(done: number, width: number): string {
  const n = Math.max(0, Math.min(width, Math.round(done * width)));
  return `[${'='.repeat(n)}${' '.repeat(width - n)}]`;
}

/** The live view's lines (a TTY redraws them in place every second). */
export function liveLines({ sample: s, metrics: m, plannedMs }: LiveState): string[] {
  const checks = s.checksPassed + s.checksFailed;
  const totalChecks = m.total.checksPassed + m.total.checksFailed;
  return [
    `${bar(s.t / (plannedMs / 1000), 30)} ${s.t.toFixed(0)}s/${(plannedMs / 1000).toFixed(0)}s   VUs ${s.vus}   iterations ${m.iterations}${m.droppedIterations ? ` (dropped ${m.droppedIterations})` : ''}`,
    `req/s ${s.rps.toFixed(1).padStart(8)}   requests ${m.total.requests}   errors ${s.failed} (total ${m.total.failed}, ${pct(m.total.failed, m.total.requests)})`,
    `latency p50 ${ms(s.p50)}   p95 ${ms(s.p95)}   p99 ${ms(s.p99)}`,
    `checks ${checks === 0 ? '–' : pct(s.checksPassed, checks)} this second   ${pct(m.total.checksPassed, totalChecks)} overall (${m.total.checksFailed} failed)`,
  ];
}

/** One plain line per interval, for logs and pipes. */
export function plainLine(s: IntervalSample): string {
  const checks = s.checksPassed + s.checksFailed;
  return `[${s.t.toFixed(1).padStart(6)}s] vus=${s.vus} req/s=${s.rps.toFixed(1)} requests=${s.requests} errors=${s.failed} p50=${ms(s.p50)} p95=${ms(s.p95)} p99=${ms(s.p99)} checks=${checks === 0 ? '–' : pct(s.checksPassed, checks)} iterations=${s.iterations}`;
}

/** Draws the live view on a TTY (in place) or writes a plain line per interval. */
export function createProgress(out: NodeJS.WriteStream, plannedMs: number, tty: boolean) {
  let drawn = 0;
  return {
    update(sample: IntervalSample, metrics: LoadMetrics): void {
      if (!tty) {
        out.write(`${plainLine(sample)}\n`);
        return;
      }
      const lines = liveLines({ sample, metrics, plannedMs });
      // Move up over the previous frame and clear it, then draw the new one.
      out.write(`${drawn > 0 ? `\x1b[${drawn}A\x1b[0J` : ''}${lines.join('\n')}\n`);
      drawn = lines.length;
    },
  };
}
