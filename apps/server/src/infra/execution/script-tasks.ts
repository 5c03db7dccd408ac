import {
  executeOne,
  type RunCollectionOptions,
  type RunEvent,
  type RunnerScriptEngine,
  runCollection,
  type TCollection,
  type TExecution,
  type TFolder,
  type TRequest,
  type TRequestItem,
  type TRunEventType,
  type TRunReport,
  type Transport,
  TransportError,
  type TVariable,
} from '@apiplay/core';
import { createReplayTransport, type ReplayCursor } from './replay-transport';

/**
 * The two kinds of work that may run user scripts: one Send, and one collection run. Their inputs and outputs are
 * plain data (structured-clone safe), so the same functions run in this thread or in a script worker
 * (`script-worker.ts`) and produce the same results; only the `TaskHost` differs.
 */

/** What one Send produced: the execution and the variables after its scripts (core's ExecuteOneResult). */
export type ExecuteTaskResult = Awaited<ReturnType<typeof executeOne>>;

/** What a task needs from where it runs. */
export interface TaskHost {
  /** The guarded server transport (SSRF lookup, caps). */
  transport: Transport;
  createScriptEngine(): Promise<RunnerScriptEngine>;
  /**
   * Counts one `pm.sendRequest` against the execution rate limit of whoever started the task; rejects (with an
   * AppError RATE_LIMITED) when it is used up. Absent: not counted.
   */
  hitSendRequest?: () => Promise<void>;
}

export interface ExecuteTaskInput {
  request: TRequest | TRequestItem;
  collection?: Pick<TCollection, 'scripts' | 'auth' | 'variables'>;
  folders: TFolder[];
  environment: TVariable[];
  globals: TVariable[];
  /** Some script in scope is non-empty: build an engine (and count `pm.sendRequest`). */
  withScripts: boolean;
  /**
   * The caller may not see secrets (a viewer): scripts read them masked. Applied here, where the scripts run (this
   * thread or a worker); the secret host allow-list travels with the variables (`allowedHosts`) and core's runner
   * enforces it on every send, `pm.sendRequest` and redirect hop included.
   */
  maskSecretsInScripts?: boolean;
}

type SecretScope = 'environment' | 'globals' | 'collection';

export interface RunTaskInput {
  options: Omit<
    RunCollectionOptions,
    'transport' | 'scriptEngine' | 'cookieJar' | 'authCache' | 'signal' | 'envOverrides' | 'globalOverrides'
  >;
  withScripts: boolean;
  /** Steps recorded by an earlier attempt of the run, by seq: answered from here instead of the network. */
  recorded: [number, TExecution][];
  /**
   * Variables whose live value the caller reads with `variable()` while handling an `item` event (secret keys a
   * script may overwrite). From a worker, only these are sent along with each `item` event.
   */
  watch: { scope: SecretScope; key: string }[];
  /** The event types the caller listens to: a worker sends only these across (bodies are not cloned twice). */
  forward: TRunEventType[];
  /**
   * Asks the run to stop (its worker process is shutting down), shared with a script worker thread: an Int32 at
   * index 0 that the caller sets to `STOP_AFTER_STEP` (stop once the step in flight is done) or `STOP_NOW` (abort
   * the step in flight too). The report then has status `aborted`.
   */
  stop?: SharedArrayBuffer;
}

/** Values of `RunTaskInput.stop`. */
export const STOP_AFTER_STEP = 1;
export const STOP_NOW = 2;

export interface RunTaskVariables {
  environment: TVariable[];
  globals: TVariable[];
  collection: TVariable[];
}

/** A run, as the server's run job sees it (a subset of core's RunHandle, so a worker can provide it too). */
export interface RunTaskHandle {
  /** Subscribe before awaiting anything to see `start`. */
  on(listener: (event: RunEvent) => void): () => void;
  report: Promise<TRunReport>;
  variables: Promise<RunTaskVariables>;
  /** A watched variable's value as of the event being handled (see `RunTaskInput.watch`). */
  variable(iteration: number, scope: SecretScope, key: string): unknown;
}

/**
 * The transport a task's runner gets: sends that are not a step's own request (scripts' `pm.sendRequest`) are
 * counted against the rate limit first; a refusal reaches the script as a failed sendRequest.
 */
function countingTransport(inner: Transport, cursor: ReplayCursor, host: TaskHost): Transport {
  const hit = host.hitSendRequest;
  if (hit === undefined) {
    return inner;
  }
  return {
    async send(req, opts) {
      if (!cursor.mainPending) {
        try {
          await hit();
        } catch (error) {
          throw new TransportError(
            'RATE_LIMITED',
            error instanceof Error ? error.message : 'Too many executions; slow down',
          );
        }
      }
      return inner.send(req, opts);
    },
  };
}

/** One Send with its scripts (the body of `executeRequest`'s engine work). */
export async function runExecuteTask(host: TaskHost, input: ExecuteTaskInput): Promise<ExecuteTaskResult> {
  const base = {
    request: input.request,
    ...(input.collection ? { collection: input.collection } : {}),
    folders: input.folders,
    environment: input.environment,
    globals: input.globals,
    ...(input.maskSecretsInScripts === true ? { maskSecretsInScripts: true } : {}),
  };
  if (!input.withScripts) {
    return executeOne({ ...base, transport: host.transport });
  }
  const cursor: ReplayCursor = { index: null, mainPending: false };
  // The replay transport with nothing recorded only clears `mainPending` once the step's own send went out.
  const transport = countingTransport(createReplayTransport(host.transport, new Map(), cursor), cursor, host);
  const engine = await host.createScriptEngine();
  try {
    return await executeOne({
      ...base,
      transport,
      scriptEngine: engine,
      onEvent: (event) => {
        if (event.type === 'beforeRequest') {
          cursor.mainPending = true;
        } else if (event.type === 'response') {
          // A skipped or URL-less step sends nothing: what follows is not its own send.
          cursor.mainPending = false;
        }
      },
    });
  } finally {
    engine.dispose();
  }
}

/**
 * One collection run (or the rest of it, after a crash: recorded steps replay without the network). `signal`
 * cancels it: the request in flight is aborted and the report ends `aborted`.
 */
export function startRunTask(host: TaskHost, input: RunTaskInput, signal?: AbortSignal): RunTaskHandle {
  const cursor: ReplayCursor = { index: null, mainPending: false };
  const replay = createReplayTransport(host.transport, new Map(input.recorded), cursor);
  const stop = input.stop === undefined ? undefined : new Int32Array(input.stop);
  // The shutdown flag (`stop`) aborts through this controller; a cancel (`signal`) aborts the same run.
  const controller = new AbortController();
  const runSignal = signal === undefined ? controller.signal : AbortSignal.any([signal, controller.signal]);
  const handle = runCollection({
    ...input.options,
    transport: countingTransport(replay, cursor, host),
    ...(input.withScripts ? { scriptEngine: () => host.createScriptEngine() } : {}),
    ...(stop === undefined && signal === undefined ? {} : { signal: runSignal }),
  });
  if (stop !== undefined) {
    // Polled, because the flag may be set from another thread; the runner checks the signal between steps.
    const poll = setInterval(() => {
      if (Atomics.load(stop, 0) >= STOP_NOW) {
        controller.abort();
      }
    }, 50);
    poll.unref();
    handle.report.finally(() => clearInterval(poll)).catch(() => undefined);
  }
  handle.on((event) => {
    if (event.type === 'item' && stop !== undefined && Atomics.load(stop, 0) >= STOP_AFTER_STEP) {
      // This step is done (and recorded by the caller): no further step starts.
      controller.abort();
    }
    if (event.type === 'beforeRequest') {
      cursor.index = event.cursor.index;
      cursor.mainPending = true;
    } else if (event.type === 'response') {
      cursor.mainPending = false;
    }
  });
  return {
    on: (listener) => handle.on(listener),
    report: handle.report,
    variables: handle.variables,
    variable: (iteration, scope, key) => handle.variable(iteration, scope, key),
  };
}
