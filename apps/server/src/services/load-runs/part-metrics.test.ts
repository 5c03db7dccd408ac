import type { TLoadRequestRow, TLoadSample } from '@apiplay/core';
import {
  buildProfile,
  encodeHistogram,
  LoadMetrics,
  type LoadResult,
  summarize,
  targetVus,
} from '@apiplay/core/load';
import { describe, expect, it } from 'vitest';
import type { LoadPartial } from '../../infra/load-channel';
import { LiveMerger } from './live-merger';
import { IntervalDiff, mergeParts, partResult, summarizeRun } from './part-metrics';
import { splitProfile } from './split-profile';

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
      parts.map((m) => partResult(resultOf(m), (t) => t)),
      1000,
    );
    // Percentiles, mean and count exactly; min/max within HDR's precision (3 significant digits): a merged
    // histogram reports a bucket's bounds where the original kept the value seen.
    const same = (a: ReturnType<typeof summarize>, b: ReturnType<typeof summarize>) => {
      expect([a.count, a.avg, a.med, a.p90, a.p95, a.p99]).toEqual([
        b.count,
        b.avg,
        b.med,
        b.p90,
        b.p95,
        b.p99,
      ]);
      expect(Math.abs(a.min - b.min) / b.min).toBeLessThan(0.001);
      expect(Math.abs(a.max - b.max) / b.max).toBeLessThan(0.001);
    };
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
    const { summary, passed } = summarizeRun(
      parts.map((m) => partResult(resultOf(m), (t) => t.replace('500', '5xx'))),
      [],
      1000,
    );
    expect(passed).toBe(true);
    expect(summary.errors).toEqual([{ message: 'HTTP 5xx', count: 9 }]);
    expect(summary.peakVus).toBe(6);
  });

  it('merges each second of the live view from the parts’ interval histograms', () => {
    const emitted: { sample: TLoadSample; rows: TLoadRequestRow[] }[] = [];
    let clock = 0;
    const merger = new LiveMerger(
      2,
      (sample, rows) => emitted.push({ sample, rows }),
      () => clock,
    );
    const parts = [new LoadMetrics(), new LoadMetrics()];
    const diffs = [new IntervalDiff(), new IntervalDiff()];
    const perSecond: LoadMetrics[] = [];
    const values = latencies(11, 4000);
    for (let second = 1; second <= 2; second++) {
      const single = new LoadMetrics();
      perSecond.push(single);
      values.slice((second - 1) * 2000, second * 2000).forEach((ms, i) => {
        parts[i % 2]?.request('r', ms, ms, false, 0, 0);
        single.request('r', ms, ms, false, 0, 0);
      });
      // Part 1 reports first; the second is emitted once part 0 has reported too.
      for (const part of [1, 0]) {
        const m = parts[part] as LoadMetrics;
        const sample = m.tick(second * 1000, 3);
        const partial: LoadPartial = {
          part,
          seq: second,
          t: second,
          intervalSeconds: 1,
          vus: sample.vus,
          requests: sample.requests,
          failed: sample.failed,
          checksPassed: 0,
          checksFailed: 0,
          iterations: 0,
          interval: encode(diffs[part]?.next(m.total.duration)),
          names: [
            {
              name: 'r',
              requests: m.total.requests,
              failed: 0,
              checksPassed: 0,
              checksFailed: 0,
              duration: encode(m.total.duration),
            },
          ],
        };
        merger.add(partial);
        expect(emitted).toHaveLength(part === 1 ? second - 1 : second);
      }
    }
    expect(emitted.map((e) => e.sample.requests)).toEqual([2000, 2000]);
    emitted.forEach((e, i) => {
      const single = perSecond[i];
      if (!single) {
        throw new Error('missing second');
      }
      const one = summarize(single.total.duration);
      expect([e.sample.p50, e.sample.p95, e.sample.p99]).toEqual([one.med, one.p95, one.p99]);
      expect(e.sample.vus).toBe(6);
    });
    const all = new LoadMetrics();
    for (const ms of values) {
      all.request('r', ms, ms, false, 0, 0);
    }
    expect(emitted[1]?.rows[0]?.p99).toBe(summarize(all.total.duration).p99);
    // A part that never reports its second: shown without it after the wait.
    merger.add({ ...lastPartial(), seq: 3 });
    expect(emitted).toHaveLength(2);
    clock += 2500;
    merger.tick();
    expect(emitted).toHaveLength(3);
  });
});

function encode(h: ReturnType<IntervalDiff['next']> | undefined): string {
  if (!h) {
    throw new Error('no histogram');
  }
  return encodeHistogram(h);
}

function lastPartial(): LoadPartial {
  const empty = encodeHistogram(new LoadMetrics().total.duration);
  return {
    part: 0,
    seq: 0,
    t: 3,
    intervalSeconds: 1,
    vus: 1,
    requests: 0,
    failed: 0,
    checksPassed: 0,
    checksFailed: 0,
    iterations: 0,
    interval: empty,
    names: [],
  };
}

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
