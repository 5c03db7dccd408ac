import {
  aggregationLabel,
  encodeHistogram,
  type LoadResult,
  type RequestStats,
  summarize,
} from '@apiplay/core/load';
import type { TCollection } from '@apiplay/core/schema';

function stats(s: RequestStats, seconds: number) {
  return {
    requests: s.requests,
    rps: s.requests / seconds,
    failed: s.failed,
    checks: { passed: s.checksPassed, failed: s.checksFailed },
    latency: summarize(s.duration),
    waiting: summarize(s.waiting),
    /** HdrHistogram's compressed base64 encoding, microseconds (decode with any HdrHistogram port). */
    histogram: encodeHistogram(s.duration),
  };
}

/** The run as JSON: totals, per-request stats with an encoded HDR histogram each, the per-second series. */
export function loadReportJson(result: LoadResult, collection: Pick<TCollection, 'id' | 'name'>) {
  const m = result.metrics;
  const seconds = Math.max(0.001, result.durationMs / 1000);
  return {
    v: 1,
    kind: 'apiplay.load',
    collection: { id: collection.id, name: collection.name },
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    durationMs: result.durationMs,
    profile: result.profile,
    passed: result.passed,
    aborted: result.aborted,
    ...(result.runError ? { runError: result.runError } : {}),
    peakVus: result.peakVus,
    histogramUnit: 'us',
    totals: {
      ...stats(m.total, seconds),
      iterations: m.iterations,
      droppedIterations: m.droppedIterations,
      scriptErrors: m.scriptErrors,
      iterationDuration: summarize(m.iterationDuration),
    },
    requests: [...m.byName].map(([name, s]) => ({ name, ...stats(s, seconds) })),
    thresholds: result.thresholds.map((r) => ({
      threshold: r.threshold.source,
      metric: r.threshold.metric,
      ...(r.threshold.name === undefined ? {} : { name: r.threshold.name }),
      aggregation: aggregationLabel(r.threshold.aggregation),
      op: r.threshold.op,
      value: r.threshold.value,
      actual: Number.isNaN(r.actual) ? null : r.actual,
      passed: r.passed,
    })),
    series: m.series,
    errors: [...result.errors].map(([message, count]) => ({ message, count })),
  };
}
