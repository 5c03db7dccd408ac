import { describe, expect, it } from 'vitest';
import {
  buildProfile,
  createPartialEncoder,
  failedPartResult,
  LiveMerger,
  LoadMetrics,
  type LoadResult,
  mergePartResults,
  mergeParts,
  parseThreshold,
  partResult,
  splitProfile,
  summarize,
  targetVus,
} from '.';
import type { IntervalSample } from './metrics';

/** A deterministic latency stream (ms) with a long tail: mulberry32. */
function latencies(seed: number, n: number): number[] {
  let a = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out.push(u < 0.97 ? 5 + u * 200 : 400 + u * 3000);
  }
  return out;
}

function resultOf(metrics: LoadMetrics, extra: Partial<LoadResult> = {}): LoadResult {
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
    ...extra,
  };
}

type Summary = ReturnType<typeof summarize>;
/**
 * Percentiles, mean and count exactly; min/max within HDR's precision (3 significant digits): a merged histogram
 * reports a bucket's bounds where the original kept the value seen.
 */
function same(a: Summary, b: Summary): void {
  expect([a.count, a.avg, a.med, a.p90, a.p95, a.p99]).toEqual([b.count, b.avg, b.med, b.p90, b.p95, b.p99]);
  expect(Math.abs(a.min - b.min) / b.min).toBeLessThan(0.001);
  expect(Math.abs(a.max - b.max) / b.max).toBeLessThan(0.001);
}

describe('merging parts', () => {
  it('gives exactly the percentiles of one histogram of every value', () => {
    const all = new LoadMetrics();
    const parts = [new LoadMetrics(), new LoadMetrics(), new LoadMetrics()];
    latencies(7, 30_000).forEach((ms, i) => {
      const name = i % 4 === 0 ? 'slow' : 'fast';
      const failed = i % 10 === 0;
      all.request(name, ms, ms / 2, failed, 1, failed ? 1 : 0);
      parts[i % 3]?.request(name, ms, ms / 2, failed, 1, failed ? 1 : 0);
    });
    const merged = mergeParts(
      parts.map((m) => partResult(resultOf(m))),
      1000,
    );
    same(summarize(merged.total.duration), summarize(all.total.duration));
    same(summarize(merged.total.waiting), summarize(all.total.waiting));
    for (const name of ['slow', 'fast']) {
      const m = merged.byName.get(name);
      const a = all.byName.get(name);
      if (!m || !a) {
        throw new Error(`no ${name}`);
      }
      same(summarize(m.duration), summarize(a.duration));
    }
    expect(merged.total.requests).toBe(30_000);
    expect(merged.total.failed).toBe(all.total.failed);
    expect(merged.total.checksFailed).toBe(all.total.checksFailed);
  });

  it('checks thresholds on the merged run, sums errors and peaks, and keeps a part’s run error', () => {
    const parts = [new LoadMetrics(), new LoadMetrics()];
    latencies(3, 2000).forEach((ms, i) => {
      parts[i % 2]?.request('r', ms, ms, i % 2 === 1, 0, 0);
    });
    const all = new LoadMetrics();
    for (const ms of latencies(3, 2000)) {
      all.request('r', ms, ms, false, 0, 0);
    }
    const p99 = summarize(all.total.duration).p99;
    const whole = {
      profile: buildProfile({ vus: 4, duration: '2s' }),
      // Part 1 fails every request: 50% of the whole, which only the merged counters show.
      thresholds: [
        parseThreshold(`http_req_duration:p(99)<=${p99}`),
        parseThreshold('http_req_failed:rate<0.6'),
      ],
      startedAt: 'a',
      finishedAt: 'b',
      series: [],
    };
    const results = parts.map((m, i) => partResult(resultOf(m, { durationMs: 1000 + i * 500 })));
    const merged = mergePartResults(results, whole);
    expect(merged.thresholds.map((r) => r.actual)).toEqual([p99, 0.5]);
    expect(merged.passed).toBe(true);
    expect(merged.durationMs).toBe(1500);
    expect(merged.peakVus).toBe(4);
    expect(merged.errors.get('HTTP 500')).toBe(6);
    expect(merged.aborted).toBe(false);
    expect(
      mergePartResults(results, { ...whole, thresholds: [parseThreshold('http_req_failed:rate<0.4')] })
        .passed,
    ).toBe(false);
    const broken = mergePartResults([results[0] as never, failedPartResult('thread 2 stopped')], whole);
    expect(broken.runError).toBe('thread 2 stopped');
    expect(broken.passed).toBe(false);
    // A part that failed is a run error, not an interruption (the summary says why instead of "interrupted").
    expect(broken.aborted).toBe(false);
    expect(mergePartResults(results, { ...whole, aborted: true }).aborted).toBe(true);
  });
});

describe('the live merger', () => {
  it('merges each second from the parts’ interval histograms and cumulative per-request stats', () => {
    const emitted: IntervalSample[] = [];
    let clock = 0;
    const merger = new LiveMerger(2, (sample) => emitted.push(sample), { now: () => clock });
    const parts = [new LoadMetrics(), new LoadMetrics()] as const;
    const encoders = [createPartialEncoder(0), createPartialEncoder(1)] as const;
    const perSecond: LoadMetrics[] = [];
    const values = latencies(11, 4000);
    for (let second = 1; second <= 2; second++) {
      const single = new LoadMetrics();
      perSecond.push(single);
      values.slice((second - 1) * 2000, second * 2000).forEach((ms, i) => {
        parts[i % 2]?.request('r', ms, ms, false, 1, 0);
        single.request('r', ms, ms, false, 1, 0);
      });
      parts[1].droppedIterations += 1;
      // Part 1 reports first; the second is emitted once part 0 has reported too.
      for (const part of [1, 0] as const) {
        const m = parts[part];
        merger.add(encoders[part](m.tick(second * 1000, 3), m));
        expect(emitted).toHaveLength(part === 1 ? second - 1 : second);
      }
    }
    expect(emitted.map((s) => s.requests)).toEqual([2000, 2000]);
    emitted.forEach((e, i) => {
      const one = summarize(perSecond[i]?.total.duration ?? expect.fail('missing second'));
      expect([e.p50, e.p95, e.p99]).toEqual([one.med, one.p95, one.p99]);
      expect(e.vus).toBe(6);
      expect(e.checksPassed).toBe(2000);
    });
    const all = new LoadMetrics();
    for (const ms of values) {
      all.request('r', ms, ms, false, 0, 0);
    }
    // The running totals the live view reads.
    const m = merger.metrics;
    expect(m.series).toEqual(emitted);
    expect([m.total.requests, m.total.checksPassed, m.droppedIterations]).toEqual([4000, 4000, 2]);
    same(summarize(m.total.duration), summarize(all.total.duration));
    same(summarize(m.byName.get('r')?.duration ?? expect.fail('no r')), summarize(all.total.duration));
    // A part that never reports its third second: shown without it after the wait.
    merger.add(encoders[0](parts[0].tick(3000, 1), parts[0]));
    expect(emitted).toHaveLength(2);
    clock += 2500;
    merger.tick();
    expect(emitted).toHaveLength(3);
  });

  it('with waitMs Infinity waits for every part until it reported or is done', () => {
    const emitted: IntervalSample[] = [];
    let clock = 0;
    const merger = new LiveMerger(2, (sample) => emitted.push(sample), {
      waitMs: Number.POSITIVE_INFINITY,
      now: () => clock,
    });
    const m = new LoadMetrics();
    m.request('r', 5, 5, false, 0, 0);
    const encode = createPartialEncoder(0);
    merger.add(encode(m.tick(1000, 1), m));
    clock += 60_000;
    merger.tick();
    expect(emitted).toHaveLength(0);
    // Part 1 ended (it sent its last second earlier, or never started): the second goes out with part 0 alone.
    merger.partDone(1);
    expect(emitted.map((s) => s.requests)).toEqual([1]);
    m.request('r', 5, 5, false, 0, 0);
    merger.add(encode(m.tick(2000, 1), m));
    expect(emitted.map((s) => s.requests)).toEqual([1, 1]);
  });
});

describe('splitting a profile across parts', () => {
  it('keeps every VU count and the rate whole', () => {
    const vus = buildProfile({ stages: ['10s:7', '20s:3', '5s:0'], vus: 5 });
    const parts = [0, 1, 2].map((p) => splitProfile(vus, 3, p));
    for (const at of [0, 4000, 10_000, 17_000, 33_000]) {
      if (vus.mode !== 'vus') {
        throw new Error('vus mode expected');
      }
      const sum = parts.reduce((n, p) => n + (p.mode === 'vus' ? targetVus(p, at) : 0), 0);
      expect(Math.abs(sum - targetVus(vus, at))).toBeLessThanOrEqual(2);
    }
    expect(parts.reduce((n, p) => n + p.maxVus, 0)).toBe(vus.maxVus);
    const rate = buildProfile({ rate: '90/s', duration: '10s', maxVus: 10 });
    const rates = [0, 1].map((p) => splitProfile(rate, 2, p));
    expect(rates.reduce((n, p) => n + (p.mode === 'rate' ? p.ratePerSecond : 0), 0)).toBe(90);
  });
});
