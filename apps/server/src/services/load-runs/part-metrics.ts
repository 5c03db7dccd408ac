import type { TLoadRequestRow, TLoadSummary } from '@apiplay/core';
import {
  decodeHistogram,
  encodeHistogram,
  evaluateThresholds,
  LoadMetrics,
  type LoadResult,
  newHistogram,
  RequestStats,
  summarize,
  type Threshold,
} from '@apiplay/core/load';
import type { TLoadPartResult } from '../../db/schema';

type Histogram = ReturnType<typeof newHistogram>;

const finite = (n: number): number | null => (Number.isFinite(n) ? n : null);

/** What one part measured, as stored in `load_run_parts.result` (histograms encoded; error texts masked). */
export function partResult(result: LoadResult, mask: (text: string) => string): TLoadPartResult {
  const m = result.metrics;
  return {
    requests: m.total.requests,
    failed: m.total.failed,
    checksPassed: m.total.checksPassed,
    checksFailed: m.total.checksFailed,
    iterations: m.iterations,
    droppedIterations: m.droppedIterations,
    scriptErrors: m.scriptErrors,
    peakVus: result.peakVus,
    elapsedMs: result.durationMs,
    aborted: result.aborted,
    ...(result.runError === undefined ? {} : { runError: mask(result.runError) }),
    duration: encodeHistogram(m.total.duration),
    waiting: encodeHistogram(m.total.waiting),
    iterationDuration: encodeHistogram(m.iterationDuration),
    byName: [...m.byName].map(([name, s]) => ({
      name,
      requests: s.requests,
      failed: s.failed,
      checksPassed: s.checksPassed,
      checksFailed: s.checksFailed,
      duration: encodeHistogram(s.duration),
      waiting: encodeHistogram(s.waiting),
    })),
    errors: [...result.errors].map(([message, n]): [string, number] => [mask(message), n]),
  };
}

function addCounts(into: RequestStats, from: Omit<TLoadPartResult['byName'][number], 'name'>): void {
  into.requests += from.requests;
  into.failed += from.failed;
  into.checksPassed += from.checksPassed;
  into.checksFailed += from.checksFailed;
  into.duration.add(decodeHistogram(from.duration));
  into.waiting.add(decodeHistogram(from.waiting));
}

/** The parts' measurements as one `LoadMetrics`: counters summed, HDR histograms added. */
export function mergeParts(parts: readonly TLoadPartResult[], elapsedMs: number): LoadMetrics {
  const metrics = new LoadMetrics();
  for (const p of parts) {
    addCounts(metrics.total, p);
    metrics.iterations += p.iterations;
    metrics.droppedIterations += p.droppedIterations;
    metrics.scriptErrors += p.scriptErrors;
    metrics.iterationDuration.add(decodeHistogram(p.iterationDuration));
    for (const n of p.byName) {
      let named = metrics.byName.get(n.name);
      if (!named) {
        named = new RequestStats();
        metrics.byName.set(n.name, named);
      }
      addCounts(named, n);
    }
  }
  metrics.elapsedMs = elapsedMs;
  return metrics;
}

/** One row of the per-request table from cumulative stats. */
export function requestRow(name: string, s: RequestStats): TLoadRequestRow {
  const l = summarize(s.duration);
  return {
    name,
    requests: s.requests,
    failed: s.failed,
    checksPassed: s.checksPassed,
    checksFailed: s.checksFailed,
    avg: finite(l.avg),
    p50: finite(l.med),
    p95: finite(l.p95),
    p99: finite(l.p99),
    max: finite(l.max),
  };
}

/** The saved summary of a finished run, thresholds checked on the merged metrics. */
export function summarizeRun(
  parts: readonly TLoadPartResult[],
  thresholds: readonly Threshold[],
  durationMs: number,
): { summary: TLoadSummary; passed: boolean } {
  const metrics = mergeParts(parts, durationMs);
  const results = evaluateThresholds(thresholds, (m, a, name) => metrics.value(m, a, name));
  const errors = new Map<string, number>();
  for (const p of parts) {
    for (const [message, n] of p.errors) {
      errors.set(message, (errors.get(message) ?? 0) + n);
    }
  }
  const l = summarize(metrics.total.duration);
  const t = metrics.total;
  const summary: TLoadSummary = {
    durationMs,
    requests: t.requests,
    failed: t.failed,
    rps: t.requests / Math.max(0.001, durationMs / 1000),
    checksPassed: t.checksPassed,
    checksFailed: t.checksFailed,
    iterations: metrics.iterations,
    droppedIterations: metrics.droppedIterations,
    scriptErrors: metrics.scriptErrors,
    peakVus: parts.reduce((sum, p) => sum + p.peakVus, 0),
    latency: {
      avg: finite(l.avg),
      min: finite(l.min),
      p50: finite(l.med),
      p90: finite(l.p90),
      p95: finite(l.p95),
      p99: finite(l.p99),
      max: finite(l.max),
    },
    byRequest: [...metrics.byName].map(([name, s]) => requestRow(name, s)),
    thresholds: results.map((r) => ({
      source: r.threshold.source,
      actual: finite(r.actual),
      passed: r.passed,
    })),
    errors: [...errors]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 50)
      .map(([message, count]) => ({ message, count })),
    histogram: encodeHistogram(metrics.total.duration),
  };
  return { summary, passed: results.every((r) => r.passed) };
}

/**
 * The histogram of what a cumulative histogram gained since the last call: a part's per-second interval, taken
 * as a difference because `LoadMetrics` resets its own interval histogram before `onInterval` sees it.
 */
export class IntervalDiff {
  private readonly seen: Histogram = newHistogram();

  next(cumulative: Histogram): Histogram {
    const interval = newHistogram();
    interval.add(cumulative);
    interval.subtract(this.seen);
    this.seen.add(interval);
    return interval;
  }
}
