import {
  countsOf,
  encodeHistogram,
  type IntervalSample,
  type LoadMetrics,
  newHistogram,
  type RequestCounts,
} from './metrics';

type Histogram = ReturnType<typeof newHistogram>;

/**
 * What one part of a split load run measured in one second, for whoever merges the parts into the live view
 * (`LiveMerger`). Plain JSON, histograms HdrHistogram compressed base64: `interval` holds the second's request
 * durations, `names` each request name's cumulative counters and durations (only the names that changed since
 * the previous second).
 */
export interface LoadPartial extends RequestCounts {
  part: number;
  /** 1 for the part's first second, then 2, 3, … */
  seq: number;
  /** Seconds since the part started, at the end of the interval. */
  t: number;
  intervalSeconds: number;
  vus: number;
  iterations: number;
  /** Iterations the part dropped in the interval (arrival rate with no free VU). Absent from older senders. */
  droppedIterations?: number;
  interval: string;
  names: (RequestCounts & { name: string; duration: string })[];
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

/**
 * Returns the function a part's `runLoad` calls from `onInterval` to describe the second just closed as a
 * `LoadPartial` (numbered 1, 2, … in order).
 */
export function createPartialEncoder(
  part: number,
): (sample: IntervalSample, metrics: LoadMetrics) => LoadPartial {
  const diff = new IntervalDiff();
  const sent = new Map<string, number>();
  let seq = 0;
  let lastT = 0;
  let lastDropped = 0;
  return (sample, metrics) => {
    seq += 1;
    const names: LoadPartial['names'] = [];
    for (const [name, s] of metrics.byName) {
      if (sent.get(name) !== s.requests) {
        sent.set(name, s.requests);
        names.push({
          name,
          ...countsOf(s),
          duration: encodeHistogram(s.duration),
        });
      }
    }
    const partial: LoadPartial = {
      part,
      seq,
      t: sample.t,
      intervalSeconds: Math.max(0.001, sample.t - lastT),
      vus: sample.vus,
      ...countsOf(sample),
      iterations: sample.iterations,
      droppedIterations: metrics.droppedIterations - lastDropped,
      interval: encodeHistogram(diff.next(metrics.total.duration)),
      names,
    };
    lastT = sample.t;
    lastDropped = metrics.droppedIterations;
    return partial;
  };
}
