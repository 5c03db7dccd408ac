import type { TLoadRequestRow, TLoadSummary } from '@apiplay/core';
import {
  countsOf,
  encodeHistogram,
  evaluateThresholds,
  mergeParts,
  type RequestStats,
  summarize,
  type Threshold,
} from '@apiplay/core/load';
import type { TLoadPartResult } from '../../db/schema';

const finite = (n: number): number | null => (Number.isFinite(n) ? n : null);

/** One row of the per-request table from cumulative stats. */
export function requestRow(name: string, s: RequestStats): TLoadRequestRow {
  const l = summarize(s.duration);
  return {
    name,
    ...countsOf(s),
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
    ...countsOf(t),
    rps: t.requests / Math.max(0.001, durationMs / 1000),
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
