import type { LoadPartial, LoadPartResult, RunLoadOptions } from '@apiplay/core/load';

// What crosses between `apiplay load`'s main thread and its load threads (structured clone: plain data, and the
// compiled QuickJS module).

/** The run options a thread gets as they are: everything but what lives in the thread (transport, engine). */
export type ThreadRunOptions = Omit<
  RunLoadOptions,
  'transport' | 'scriptEngine' | 'signal' | 'onInterval' | 'now' | 'thresholds' | 'part'
>;

/** `workerData` of a load thread. */
export interface ThreadInput {
  /** This thread's share of the run (`profile` already split). */
  run: ThreadRunOptions;
  part: { index: number; count: number };
  transport: { insecure?: boolean; workingDir?: string };
  /**
   * Present when the collection has scripts: the thread starts its own QuickJS engine on `wasmModule`, compiled
   * once by the main thread (a WebAssembly.Module crosses with its code shared, not copied or compiled again).
   */
  scripts?: { timeoutMs?: number; wasmModule: WebAssembly.Module };
}

/** Main thread → load thread. `start` once every thread is ready; `abort` at any time (Ctrl-C, a failed thread). */
export type MainMessage = { type: 'start' } | { type: 'abort' };

/** Load thread → main thread, in this order: `ready`, a `partial` per second, one `result`. */
export type ThreadMessage =
  /** The transport and engine are up (or the engine failed: `error`, and nothing more comes). */
  | { type: 'ready'; error?: string }
  | { type: 'partial'; partial: LoadPartial }
  | { type: 'result'; result: LoadPartResult };
