import type { RunEvent, TRunReport } from '@apiplay/core';
import type { SsrfPolicyOptions } from '../ssrf';
import type { ExecuteTaskInput, ExecuteTaskResult, RunTaskInput, RunTaskVariables } from './script-tasks';

/**
 * Messages between the script pool (main thread) and a script worker. Everything is plain data; these are the
 * only crossing points: a task in, its run events out, a rate-limit question per `pm.sendRequest`, a result out.
 */

/** What a worker is started with: enough to build its own guarded transport. */
export interface ScriptWorkerData {
  policy: SsrfPolicyOptions;
  timeoutMs: number;
}

export type TaskRequest = { kind: 'execute'; input: ExecuteTaskInput } | { kind: 'run'; input: RunTaskInput };

export interface RunTaskResult {
  report: TRunReport;
  variables: RunTaskVariables;
}

export type TaskResult = ExecuteTaskResult | RunTaskResult;

/** An error as it crosses the thread boundary (AppError keeps its code and details). */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  details?: unknown;
}

export type ToWorker =
  | { type: 'task'; id: number; task: TaskRequest }
  | { type: 'hit-result'; id: number; hit: number; error?: WireError }
  /** Cancel a run task: its runner stops (the request in flight is aborted) and reports `aborted`. */
  | { type: 'abort'; id: number };

export type FromWorker =
  /** Sent every `HEARTBEAT_MS` while the worker's event loop turns; silence means a stuck script. */
  | { type: 'beat' }
  /** A run event; `live` holds the watched variables' values at an `item` event, in `watch` order. */
  | { type: 'event'; id: number; event: RunEvent; live?: unknown[] }
  | { type: 'hit'; id: number; hit: number }
  | { type: 'done'; id: number; result: TaskResult }
  | { type: 'failed'; id: number; error: WireError };

export const HEARTBEAT_MS = 250;

export function toWireError(error: unknown): WireError {
  if (error instanceof Error) {
    const { code, details } = error as Error & { code?: unknown; details?: unknown };
    return {
      name: error.name,
      message: error.message,
      ...(typeof code === 'string' ? { code } : {}),
      ...(details === undefined ? {} : { details }),
    };
  }
  return { name: 'Error', message: String(error) };
}
