import type { IntervalSample } from './metrics';
import {
  addCounts,
  countsOf,
  decodeHistogram,
  encodeHistogram,
  LoadMetrics,
  newHistogram,
  type RequestCounts,
  RequestStats,
} from './metrics';
import type { LoadProfile } from './profile';
import type { LoadResult } from './run-load-types';
import { evaluateThresholds, type Threshold } from './thresholds';

// A load run split into parts (worker threads of `apiplay load`, worker processes of the server) ends with each
// part's final measurements; they cross a thread or process boundary as plain JSON (histograms encoded) and are
// merged here into one run: counters summed, HDR histograms added, so percentiles are those of every value.

/** What one part measured over the whole run (the server stores it in `load_run_parts.result`). */
export interface LoadPartResult extends RequestCounts {
  iterations: number;
  droppedIterations: number;
  scriptErrors: number;
  peakVus: number;
  elapsedMs: number;
  aborted: boolean;
  runError?: string;
  /** Encoded histograms (µs), see `encodeHistogram`. */
  duration: string;
  waiting: string;
  iterationDuration: string;
  byName: (RequestCounts & { name: string; duration: string; waiting: string })[];
  errors: [string, number][];
}

/** A part's result as plain JSON; `mask` rewrites error texts on their way out (the server hides secrets). */
export function partResult(result: LoadResult, mask: (text: string) => string = (t) => t): LoadPartResult {
  const m = result.metrics;
  return {
    ...countsOf(m.total),
    iterations: m.iterations,
    droppedIterations: m.droppedIterations,
    scriptErrors: m.scriptErrors,
    peakVus: result.peakVus,
    elapsedMs: result.durationMs,
    aborted: result.aborted,
    ...(result.runError === undefined ? {} : { runError: mask(result.runError) }),
    duration: encodeHistogram(m.total.duration),
    waiting: encodeHistogram(m.total.waiting),
    iterationDuration: encodeHistogram(m.iterationDuration),
    byName: [...m.byName].map(([name, s]) => ({
      name,
      ...countsOf(s),
      duration: encodeHistogram(s.duration),
      waiting: encodeHistogram(s.waiting),
    })),
    errors: [...result.errors].map(([message, n]): [string, number] => [mask(message), n]),
  };
}

/** The result of a part that could not run (or stopped answering): nothing measured, `message` as its run error. */
export function failedPartResult(message: string): LoadPartResult {
  const empty = encodeHistogram(newHistogram());
  return {
    requests: 0,
    failed: 0,
    checksPassed: 0,
    checksFailed: 0,
    iterations: 0,
    droppedIterations: 0,
    scriptErrors: 0,
    peakVus: 0,
    elapsedMs: 0,
    aborted: true,
    runError: message,
    duration: empty,
    waiting: empty,
    iterationDuration: empty,
    byName: [],
    errors: [],
  };
}

function addPart(into: RequestStats, from: RequestCounts & { duration: string; waiting: string }): void {
  addCounts(into, from);
  into.duration.add(decodeHistogram(from.duration));
  into.waiting.add(decodeHistogram(from.waiting));
}

/** The parts' measurements as one `LoadMetrics`: counters summed, HDR histograms added. */
export function mergeParts(parts: readonly LoadPartResult[], elapsedMs: number): LoadMetrics {
  const metrics = new LoadMetrics();
  for (const p of parts) {
    addPart(metrics.total, p);
    metrics.iterations += p.iterations;
    metrics.droppedIterations += p.droppedIterations;
    metrics.scriptErrors += p.scriptErrors;
    metrics.iterationDuration.add(decodeHistogram(p.iterationDuration));
    for (const n of p.byName) {
      let named = metrics.byName.get(n.name);
      if (!named) {
        named = new RequestStats();
        metrics.byName.set(n.name, named);
      }
      addPart(named, n);
    }
  }
  metrics.elapsedMs = elapsedMs;
  return metrics;
}

/** What the parts cannot know about the whole run. */
export interface WholeRun {
  /** The profile before it was split. */
  profile: LoadProfile;
  thresholds: readonly Threshold[];
  startedAt: string;
  finishedAt: string;
  /** The merged per-second samples (`LiveMerger`'s series). */
  series: readonly IntervalSample[];
  /** A failure outside the parts (a thread that did not start): the run failed even if every part passed. */
  runError?: string;
  aborted?: boolean;
}

/**
 * The parts' results as the `LoadResult` of one run: thresholds checked on the merged metrics, error tallies
 * summed, the run as long as its longest part. Peak VUs is the sum of the parts' peaks (exact for constant VUs; an
 * upper bound when parts peak at different moments).
 */
export function mergePartResults(parts: readonly LoadPartResult[], whole: WholeRun): LoadResult {
  const durationMs = Math.max(0, ...parts.map((p) => p.elapsedMs));
  const metrics = mergeParts(parts, durationMs);
  metrics.series.push(...whole.series);
  const errors = new Map<string, number>();
  for (const p of parts) {
    for (const [message, n] of p.errors) {
      errors.set(message, (errors.get(message) ?? 0) + n);
    }
  }
  const thresholds = evaluateThresholds(whole.thresholds, (m, a, name) => metrics.value(m, a, name));
  const runError = whole.runError ?? parts.find((p) => p.runError !== undefined)?.runError;
  const result: LoadResult = {
    startedAt: whole.startedAt,
    finishedAt: whole.finishedAt,
    durationMs,
    profile: whole.profile,
    metrics,
    thresholds,
    passed: thresholds.every((r) => r.passed) && runError === undefined,
    aborted: whole.aborted === true || (runError === undefined && parts.some((p) => p.aborted)),
    peakVus: parts.reduce((sum, p) => sum + p.peakVus, 0),
    errors,
  };
  if (runError !== undefined) {
    result.runError = runError;
  }
  return result;
}
