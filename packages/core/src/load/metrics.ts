import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
} from 'hdr-histogram-js';
import type { Aggregation, ThresholdMetric } from './thresholds';

/**
 * Latencies are recorded in microseconds in HDR histograms (hdr-histogram-js in its pure-JS mode: no wasm to load),
 * 3 significant digits, from 1 µs; a histogram covers 10 s (≈60 KB) and grows itself when a slower response comes
 * (up to 1 h; longer values are clamped). Int32 counts: the packed variant was ~9% of the generator's CPU.
 */
const HIGHEST_US = 3_600_000_000;
export function newHistogram(): Histogram {
  return build({
    bitBucketSize: 32,
    numberOfSignificantValueDigits: 3,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 10_000_000,
    autoResize: true,
    useWebAssembly: false,
  });
}

function recordMs(h: Histogram, ms: number): void {
  h.recordValue(Math.min(HIGHEST_US, Math.max(1, Math.round(ms * 1000))));
}

/** The counters of a set of requests (all, or one name's), as a part of a split run reports and merges them. */
export interface RequestCounts {
  requests: number;
  /** Network errors and responses with status ≥ 400 (k6's http_req_failed). */
  failed: number;
  checksPassed: number;
  checksFailed: number;
}

/** `from`'s counters alone (from stats, a sample or a part's report). */
export function countsOf(from: RequestCounts): RequestCounts {
  return {
    requests: from.requests,
    failed: from.failed,
    checksPassed: from.checksPassed,
    checksFailed: from.checksFailed,
  };
}

/** Adds `from`'s counters into `into`. */
export function addCounts(into: RequestCounts, from: RequestCounts): void {
  into.requests += from.requests;
  into.failed += from.failed;
  into.checksPassed += from.checksPassed;
  into.checksFailed += from.checksFailed;
}

/** Counters and latency histograms for a set of requests (all, or those of one name). */
export class RequestStats implements RequestCounts {
  readonly duration = newHistogram();
  readonly waiting = newHistogram();
  requests = 0;
  failed = 0;
  checksPassed = 0;
  checksFailed = 0;

  record(durationMs: number | undefined, waitingMs: number | undefined, failed: boolean): void {
    this.requests += 1;
    if (failed) {
      this.failed += 1;
    }
    if (durationMs !== undefined) {
      recordMs(this.duration, durationMs);
    }
    if (waitingMs !== undefined) {
      recordMs(this.waiting, waitingMs);
    }
  }
}

/** A histogram's summary in milliseconds. */
export interface LatencySummary {
  count: number;
  avg: number;
  min: number;
  med: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(h: Histogram): LatencySummary {
  if (h.totalCount === 0) {
    return {
      count: 0,
      avg: Number.NaN,
      min: Number.NaN,
      med: Number.NaN,
      p90: Number.NaN,
      p95: Number.NaN,
      p99: Number.NaN,
      max: Number.NaN,
    };
  }
  const ms = (us: number): number => us / 1000;
  return {
    count: h.totalCount,
    avg: ms(h.mean),
    min: ms(h.minNonZeroValue),
    med: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p95: ms(h.getValueAtPercentile(95)),
    p99: ms(h.getValueAtPercentile(99)),
    max: ms(h.maxValue),
  };
}

function trendValue(h: Histogram, a: Aggregation): number {
  if (h.totalCount === 0) {
    return Number.NaN;
  }
  switch (a.kind) {
    case 'avg':
      return h.mean / 1000;
    case 'min':
      return h.minNonZeroValue / 1000;
    case 'max':
      return h.maxValue / 1000;
    case 'med':
      return h.getValueAtPercentile(50) / 1000;
    case 'p':
      return h.getValueAtPercentile(a.percentile) / 1000;
    default:
      return Number.NaN;
  }
}

/** One second (interval) of the run, as reporters and the JSON series show it. */
export interface IntervalSample {
  /** Seconds since the start of the run at the end of the interval. */
  t: number;
  vus: number;
  requests: number;
  /** Requests per second over the interval. */
  rps: number;
  failed: number;
  checksPassed: number;
  checksFailed: number;
  iterations: number;
  /** Latency percentiles of the interval's requests (ms; null when none completed). */
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** Everything measured during a load run. */
export class LoadMetrics {
  readonly total = new RequestStats();
  readonly byName = new Map<string, RequestStats>();
  readonly iterationDuration = newHistogram();
  iterations = 0;
  droppedIterations = 0;
  /** Pre-request and test script errors. */
  scriptErrors = 0;
  /** Run time in ms, set when the run ends (rates are per second of it). */
  elapsedMs = 0;
  readonly series: IntervalSample[] = [];
  private readonly interval = new RequestStats();
  private intervalIterations = 0;
  private intervalStart = 0;

  request(
    name: string,
    durationMs: number | undefined,
    waitingMs: number | undefined,
    failed: boolean,
    checksPassed: number,
    checksFailed: number,
  ): void {
    let named = this.byName.get(name);
    if (!named) {
      named = new RequestStats();
      this.byName.set(name, named);
    }
    for (const s of [this.total, named, this.interval]) {
      s.record(durationMs, waitingMs, failed);
      s.checksPassed += checksPassed;
      s.checksFailed += checksFailed;
    }
  }

  iteration(durationMs: number): void {
    this.iterations += 1;
    this.intervalIterations += 1;
    recordMs(this.iterationDuration, durationMs);
  }

  /** Close the current interval at `nowMs` (ms since start) and start the next; returns the closed sample. */
  tick(nowMs: number, vus: number): IntervalSample {
    const i = this.interval;
    const seconds = Math.max(0.001, (nowMs - this.intervalStart) / 1000);
    const pct = (p: number): number | null =>
      i.duration.totalCount === 0 ? null : i.duration.getValueAtPercentile(p) / 1000;
    const sample: IntervalSample = {
      t: Math.round(nowMs) / 1000,
      vus,
      requests: i.requests,
      rps: i.requests / seconds,
      failed: i.failed,
      checksPassed: i.checksPassed,
      checksFailed: i.checksFailed,
      iterations: this.intervalIterations,
      p50: pct(50),
      p95: pct(95),
      p99: pct(99),
    };
    this.series.push(sample);
    i.duration.reset();
    i.waiting.reset();
    i.requests = 0;
    i.failed = 0;
    i.checksPassed = 0;
    i.checksFailed = 0;
    this.intervalIterations = 0;
    this.intervalStart = nowMs;
    return sample;
  }

  /** The value a threshold is checked against (NaN when nothing was measured). */
  value(metric: ThresholdMetric, a: Aggregation, name?: string): number {
    const seconds = Math.max(0.001, this.elapsedMs / 1000);
    const stats = name === undefined ? this.total : this.byName.get(name);
    switch (metric) {
      case 'iterations':
        return a.kind === 'count' ? this.iterations : this.iterations / seconds;
      case 'dropped_iterations':
        return a.kind === 'count' ? this.droppedIterations : this.droppedIterations / seconds;
      case 'iteration_duration':
        return trendValue(this.iterationDuration, a);
      default:
        break;
    }
    if (!stats) {
      return Number.NaN;
    }
    switch (metric) {
      case 'http_req_duration':
        return trendValue(stats.duration, a);
      case 'http_req_waiting':
        return trendValue(stats.waiting, a);
      case 'http_reqs':
        return a.kind === 'count' ? stats.requests : stats.requests / seconds;
      case 'http_req_failed':
        return stats.requests === 0 ? Number.NaN : stats.failed / stats.requests;
      case 'checks': {
        const n = stats.checksPassed + stats.checksFailed;
        return n === 0 ? Number.NaN : stats.checksPassed / n;
      }
    }
  }
}

/** A histogram as HdrHistogram's compressed base64 encoding (decodable by every HdrHistogram port). */
export function encodeHistogram(h: Histogram): string {
  return encodeIntoCompressedBase64(h);
}

/**
 * The inverse of `encodeHistogram`, for merging the partial histograms of several processes (the server's load
 * workers): `newHistogram().add(decodeHistogram(x))` for each part gives the histogram of all their values.
 */
export function decodeHistogram(encoded: string): Histogram {
  return decodeFromCompressedBase64(encoded, 32, false);
}
