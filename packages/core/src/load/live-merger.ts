import {
  addCounts,
  decodeHistogram,
  type IntervalSample,
  LoadMetrics,
  newHistogram,
  RequestStats,
} from './metrics';
import type { LoadPartial } from './partials';

/** By default, how long a second waits for a slow part's partial before it is shown without it. */
const WAIT_FOR_PARTS_MS = 2000;

const pct = (h: ReturnType<typeof newHistogram>, p: number): number | null =>
  h.totalCount === 0 ? null : h.getValueAtPercentile(p) / 1000;

export interface LiveMergerOptions {
  /**
   * How long a second waits for a part's partial before it is emitted without it (default 2 s: the server's parts
   * report over lossy pub/sub). `Infinity` waits until the part reported or `partDone` was called, so the series
   * adds up exactly to the totals (worker threads, whose messages are never lost).
   */
  waitMs?: number;
  /** Clock (ms) for the wait. Default `Date.now`. */
  now?: () => number;
}

/**
 * Merges the parts' per-second partials into one sample per second (HDR histograms added, counters summed) and the
 * per-request stats (each part's cumulative histograms added), in order of seconds. A second is emitted when every
 * part still running reported it, or `waitMs` after its first partial came.
 */
export class LiveMerger {
  /**
   * The merged run so far, as the live views read it: the emitted samples (`series`), their counters and request
   * durations summed into `total`, `iterations` and `droppedIterations`, and each request name's cumulative stats
   * (`byName`, durations only). Waiting times and iteration durations are not sent every second.
   */
  readonly metrics = new LoadMetrics();
  private readonly pending = new Map<number, { first: number; byPart: Map<number, LoadPartial> }>();
  private readonly byPart = new Map<number, Map<string, RequestStats>>();
  private readonly changed = new Set<string>();
  private readonly done = new Set<number>();
  private readonly waitMs: number;
  private readonly now: () => number;
  private emitted = 0;

  constructor(
    private readonly parts: number,
    private readonly emit: (sample: IntervalSample, metrics: LoadMetrics) => void,
    opts: LiveMergerOptions = {},
  ) {
    this.waitMs = opts.waitMs ?? WAIT_FOR_PARTS_MS;
    this.now = opts.now ?? (() => Date.now());
  }

  add(p: LoadPartial): void {
    if (p.seq <= this.emitted) {
      return; // too late: that second was shown without it
    }
    let names = this.byPart.get(p.part);
    if (!names) {
      names = new Map();
      this.byPart.set(p.part, names);
    }
    for (const n of p.names) {
      const s = new RequestStats();
      addCounts(s, n);
      s.duration.add(decodeHistogram(n.duration));
      names.set(n.name, s);
      this.changed.add(n.name);
    }
    let slot = this.pending.get(p.seq);
    if (!slot) {
      slot = { first: this.now(), byPart: new Map() };
      this.pending.set(p.seq, slot);
    }
    slot.byPart.set(p.part, p);
    this.release(false);
  }

  /** Part `part` sends nothing more (it ended or failed): seconds no longer wait for it. */
  partDone(part: number): void {
    this.done.add(part);
    this.release(false);
  }

  /** Emit the seconds that waited long enough (call periodically). */
  tick(): void {
    this.release(false);
  }

  /** Emit everything still pending (the run is over). */
  flush(): void {
    this.release(true);
  }

  private release(all: boolean): void {
    const seqs = [...this.pending.keys()].sort((a, b) => a - b);
    for (const seq of seqs) {
      const slot = this.pending.get(seq);
      if (!slot) {
        continue;
      }
      let reported = slot.byPart.size;
      for (const part of this.done) {
        if (!slot.byPart.has(part)) {
          reported += 1;
        }
      }
      if (!all && reported < this.parts && this.now() - slot.first < this.waitMs) {
        return; // seconds go out in order
      }
      this.pending.delete(seq);
      this.emitted = seq;
      const sample = this.merge([...slot.byPart.values()]);
      this.metrics.series.push(sample);
      this.emit(sample, this.metrics);
    }
  }

  /** One second of every part, added into `metrics`. */
  private merge(partials: LoadPartial[]): IntervalSample {
    const h = newHistogram();
    let seconds = 0;
    let t = 0;
    const sum = { vus: 0, requests: 0, failed: 0, checksPassed: 0, checksFailed: 0, iterations: 0 };
    const m = this.metrics;
    for (const p of partials) {
      h.add(decodeHistogram(p.interval));
      seconds = Math.max(seconds, p.intervalSeconds);
      t = Math.max(t, p.t);
      sum.vus += p.vus;
      addCounts(sum, p);
      sum.iterations += p.iterations;
      m.droppedIterations += p.droppedIterations ?? 0;
    }
    m.total.duration.add(h);
    addCounts(m.total, sum);
    m.iterations += sum.iterations;
    m.elapsedMs = t * 1000;
    this.mergeNames();
    return {
      t,
      ...sum,
      rps: sum.requests / Math.max(0.001, seconds),
      p50: pct(h, 50),
      p95: pct(h, 95),
      p99: pct(h, 99),
    };
  }

  /** Each changed request name's stats: the sum of every part's latest cumulative stats. */
  private mergeNames(): void {
    for (const name of this.changed) {
      const merged = new RequestStats();
      for (const names of this.byPart.values()) {
        const s = names.get(name);
        if (s) {
          addCounts(merged, s);
          merged.duration.add(s.duration);
        }
      }
      this.metrics.byName.set(name, merged);
    }
    this.changed.clear();
  }
}
