import type { TLoadRequestRow, TLoadSample } from '@apiplay/core';
import { decodeHistogram, newHistogram, RequestStats } from '@apiplay/core/load';
import type { LoadPartial } from '../../infra/load-channel';
import { requestRow } from './part-metrics';

/** How long a second waits for a slow part's partial before it is shown without it. */
const WAIT_FOR_PARTS_MS = 2000;

const pct = (h: ReturnType<typeof newHistogram>, p: number): number | null =>
  h.totalCount === 0 ? null : h.getValueAtPercentile(p) / 1000;

/**
 * Merges the parts' per-second partials into one sample per second (HDR histograms added, counters summed) and
 * the per-request table (each part's cumulative histograms added), in order of seconds. A second is emitted when
 * every part reported it, or `WAIT_FOR_PARTS_MS` after its first partial came.
 */
export class LiveMerger {
  private readonly pending = new Map<number, { first: number; byPart: Map<number, LoadPartial> }>();
  private readonly byPart = new Map<number, Map<string, RequestStats>>();
  private readonly changed = new Set<string>();
  private readonly rows = new Map<string, TLoadRequestRow>();
  private emitted = 0;

  constructor(
    private readonly parts: number,
    private readonly emit: (sample: TLoadSample, requests: TLoadRequestRow[]) => void,
    private readonly now: () => number = () => Date.now(),
  ) {}

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
      s.requests = n.requests;
      s.failed = n.failed;
      s.checksPassed = n.checksPassed;
      s.checksFailed = n.checksFailed;
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
      const complete = slot.byPart.size >= this.parts;
      if (!all && !complete && this.now() - slot.first < WAIT_FOR_PARTS_MS) {
        return; // seconds go out in order
      }
      this.pending.delete(seq);
      this.emitted = seq;
      this.emit(this.sample([...slot.byPart.values()]), this.table());
    }
  }

  private sample(partials: LoadPartial[]): TLoadSample {
    const h = newHistogram();
    let seconds = 0;
    const sum = { vus: 0, requests: 0, failed: 0, checksPassed: 0, checksFailed: 0, iterations: 0 };
    let t = 0;
    for (const p of partials) {
      h.add(decodeHistogram(p.interval));
      seconds = Math.max(seconds, p.intervalSeconds);
      t = Math.max(t, p.t);
      sum.vus += p.vus;
      sum.requests += p.requests;
      sum.failed += p.failed;
      sum.checksPassed += p.checksPassed;
      sum.checksFailed += p.checksFailed;
      sum.iterations += p.iterations;
    }
    return {
      t,
      ...sum,
      rps: sum.requests / Math.max(0.001, seconds),
      p50: pct(h, 50),
      p95: pct(h, 95),
      p99: pct(h, 99),
    };
  }

  private table(): TLoadRequestRow[] {
    for (const name of this.changed) {
      const merged = new RequestStats();
      for (const names of this.byPart.values()) {
        const s = names.get(name);
        if (s) {
          merged.requests += s.requests;
          merged.failed += s.failed;
          merged.checksPassed += s.checksPassed;
          merged.checksFailed += s.checksFailed;
          merged.duration.add(s.duration);
        }
      }
      this.rows.set(name, requestRow(name, merged));
    }
    this.changed.clear();
    return [...this.rows.values()];
  }
}
