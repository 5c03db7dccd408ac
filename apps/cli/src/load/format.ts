import { aggregationLabel, type LoadResult, type ThresholdResult } from '@apiplay/core/load';

/** `12.3ms`, `1.20s`, or `–` when nothing was measured. */
export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '–';
  }
  if (value >= 1000) {
    return `${(value / 1000).toFixed(2)}s`;
  }
  return value >= 100 ? `${value.toFixed(0)}ms` : `${value.toFixed(value >= 10 ? 1 : 2)}ms`;
}

export function pct(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((100 * part) / whole).toFixed(2)}%`;
}

/** The measured value of a threshold as text (a duration, a rate, or a count). */
export function thresholdActual(r: ThresholdResult): string {
  if (Number.isNaN(r.actual)) {
    return 'no data';
  }
  const { metric, aggregation } = r.threshold;
  if (metric === 'http_req_duration' || metric === 'http_req_waiting' || metric === 'iteration_duration') {
    return ms(r.actual);
  }
  if (aggregation.kind === 'rate' && (metric === 'http_req_failed' || metric === 'checks')) {
    return `${(r.actual * 100).toFixed(2)}%`;
  }
  return aggregation.kind === 'rate' ? `${r.actual.toFixed(2)}/s` : String(r.actual);
}

/** `p(95)=123ms (want < 200)`. */
export function thresholdLine(r: ThresholdResult): string {
  const t = r.threshold;
  return `${aggregationLabel(t.aggregation)}=${thresholdActual(r)} (want ${t.op} ${t.value})`;
}

/** Requests per second over the whole run. */
export function overallRps(result: LoadResult): number {
  return result.metrics.total.requests / Math.max(0.001, result.durationMs / 1000);
}
