import {
  buildProfile,
  LoadMetrics,
  type LoadResult,
  parseThreshold,
  partResult,
  summarize,
} from '@apiplay/core/load';
import { describe, expect, it } from 'vitest';
import { summarizeRun } from './part-metrics';

// Merging itself (histograms, counters, the live merger) is tested in core's load/part-results.test.ts.

function resultOf(metrics: LoadMetrics): LoadResult {
  return {
    startedAt: '',
    finishedAt: '',
    durationMs: 1000,
    profile: buildProfile({ vus: 1, duration: '1s' }),
    metrics,
    thresholds: [],
    passed: true,
    aborted: false,
    peakVus: 2,
    errors: new Map([['HTTP 500', 3]]),
  };
}

describe('the saved summary of a run', () => {
  it('merges the parts, masks and sums their errors, and checks thresholds on the whole', () => {
    const all = new LoadMetrics();
    const parts = [new LoadMetrics(), new LoadMetrics(), new LoadMetrics()];
    for (let i = 0; i < 3000; i++) {
      const ms = 1 + (i % 300);
      all.request('r', ms, ms, i % 10 === 0, 1, 0);
      parts[i % 3]?.request('r', ms, ms, i % 10 === 0, 1, 0);
    }
    const { summary, passed } = summarizeRun(
      parts.map((m) => partResult(resultOf(m), (t) => t.replace('500', '5xx'))),
      [parseThreshold('http_req_failed:rate<0.05')],
      1000,
    );
    expect(passed).toBe(false);
    expect(summary.thresholds).toEqual([{ source: 'http_req_failed:rate<0.05', actual: 0.1, passed: false }]);
    expect(summary.errors).toEqual([{ message: 'HTTP 5xx', count: 9 }]);
    expect(summary.peakVus).toBe(6);
    expect(summary.requests).toBe(3000);
    expect(summary.latency.p99).toBe(summarize(all.total.duration).p99);
    expect(summary.byRequest.map((r) => [r.name, r.requests])).toEqual([['r', 3000]]);
  });
});
