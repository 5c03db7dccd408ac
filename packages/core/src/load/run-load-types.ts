import type { RunCollectionOptions, RunnerScriptEngine } from '../runner/types';
import type { IntervalSample, LoadMetrics } from './metrics';
import type { LoadProfile, ThinkTime } from './profile';
import type { Threshold, ThresholdResult } from './thresholds';

// The public shapes of a load run, apart from `run-load.ts` so the VU and scheduler modules can use them
// without importing the orchestrator that imports them.

/** The collection, variables, folders, timeout, transport and signal are given as to `runCollection`. */
export interface RunLoadOptions
  extends Pick<
    RunCollectionOptions,
    | 'collection'
    | 'environment'
    | 'globals'
    | 'envOverrides'
    | 'globalOverrides'
    | 'folders'
    | 'timeoutMs'
    | 'transport'
    | 'signal'
  > {
  /** Data rows, handed to iterations round-robin. */
  iterationData?: readonly Record<string, unknown>[];
  /**
   * This run is part `index` (from 0) of `count` running one load test together (worker threads, server workers):
   * its iterations are numbered index, index + count, index + 2·count, … so data rows stay round-robin across
   * the whole test and `pm.info.iteration` is unique. Default: the only part.
   */
  part?: { index: number; count: number };
  profile: LoadProfile;
  thresholds?: readonly Threshold[];
  think?: ThinkTime;
  /** How long in-flight requests may finish after the run's time is up before they are cancelled (default 5 s). */
  gracefulStopMs?: number;
  /** One warm engine (or a factory) shared by every VU; omit when the collection has no scripts. */
  scriptEngine?: RunnerScriptEngine | (() => Promise<RunnerScriptEngine>);
  /** Called once a second (and once at the end) with the interval just closed. */
  onInterval?: (sample: IntervalSample, metrics: LoadMetrics) => void;
  /** Clock (ms); tests may slow it down. Default `performance.now`. */
  now?: () => number;
}

export interface LoadResult {
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  profile: LoadProfile;
  metrics: LoadMetrics;
  thresholds: ThresholdResult[];
  /** False when a threshold failed. */
  passed: boolean;
  /** Stopped early (signal / Ctrl-C). */
  aborted: boolean;
  /** The most VUs that ran at once. */
  peakVus: number;
  /** Error messages (transport errors, HTTP ≥ 400, script errors) → how often; at most 50 distinct. */
  errors: Map<string, number>;
  /** The script engine did not start, or the run itself failed. */
  runError?: string;
}

export interface LoadHandle {
  result: Promise<LoadResult>;
  /** VUs running now. */
  vus(): number;
  abort(): void;
}
