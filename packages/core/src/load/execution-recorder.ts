import type { TExecution } from '../schema';
import type { LoadMetrics } from './metrics';

/** Distinct error messages kept; a run failing in a thousand ways must not grow the report without bound. */
const MAX_DISTINCT_ERRORS = 50;

export interface ExecutionRecorder {
  /** Error messages (transport errors, HTTP ≥ 400, script errors) → how often. */
  readonly errors: Map<string, number>;
  noteError(message: string): void;
  /** Adds one finished request to the metrics and tallies what went wrong with it. */
  record(execution: TExecution): void;
}

/** Turns the runner's executions into load metrics and an error tally (counts only, no bodies kept). */
export function createExecutionRecorder(metrics: LoadMetrics): ExecutionRecorder {
  const errors = new Map<string, number>();
  const noteError = (message: string): void => {
    const n = errors.get(message);
    if (n !== undefined) {
      errors.set(message, n + 1);
    } else if (errors.size < MAX_DISTINCT_ERRORS) {
      errors.set(message, 1);
    }
  };
  const record = (e: TExecution): void => {
    let passed = 0;
    let failed = 0;
    for (const a of e.assertions) {
      if (a.skipped) {
        continue;
      }
      if (a.passed) {
        passed += 1;
      } else {
        failed += 1;
      }
    }
    const status = e.response?.status;
    const httpFailed = e.error !== undefined || status === undefined || status >= 400;
    metrics.request(e.name, e.response?.timings.total, e.response?.timings.ttfb, httpFailed, passed, failed);
    if (e.error) {
      noteError(`${e.name}: ${e.error.message}`);
    } else if (status !== undefined && status >= 400) {
      noteError(`${e.name}: HTTP ${status}`);
    }
    for (const f of e.scriptFailures) {
      metrics.scriptErrors += 1;
      noteError(`${f.source} (${f.phase} script): ${f.message}`);
    }
  };
  return { errors, noteError, record };
}
