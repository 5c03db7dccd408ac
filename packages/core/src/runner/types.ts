import type { CookieJar } from 'tough-cookie';
import type { AuthCache } from '../auth/auth-cache';
import type { Transport } from '../http/types';
import type {
  TAssertion,
  TCollection,
  TConsoleEntry,
  TEnvironment,
  TExecution,
  TResponseResult,
  TRunReport,
  TScriptFailure,
  TSentRequest,
  TVariable,
} from '../schema';
import type { ScriptEngine } from '../scripts/types';

/** The runner's view of a script engine (see `scripts/`); one warm engine serves a whole run. */
export type RunnerScriptEngine = Pick<ScriptEngine, 'run' | 'dispose'> &
  Partial<Pick<ScriptEngine, 'precompile'>>;

/** Position of an event in the run. */
export interface RunCursor {
  iteration: number;
  /** Index of the execution in the report (0-based, across iterations). */
  index: number;
  itemId: string;
  name: string;
  path: string[];
}

/** The run's typed event stream (reporters consume it). */
export type RunEvent =
  | {
      type: 'start';
      collection: { id: string; name: string };
      iterations: number;
      /** Requests per iteration before setNextRequest jumps. */
      requestsPerIteration: number;
      startedAt: string;
    }
  | { type: 'iteration'; iteration: number; iterations: number }
  | { type: 'beforeRequest'; cursor: RunCursor; request: TSentRequest }
  | {
      type: 'response';
      cursor: RunCursor;
      request: TSentRequest;
      response?: TResponseResult;
      error?: { code: string; message: string };
    }
  | { type: 'assertion'; cursor: RunCursor; assertion: TAssertion }
  | { type: 'console'; cursor: RunCursor; entry: TConsoleEntry }
  | {
      type: 'error';
      cursor?: RunCursor;
      kind: 'script' | 'request' | 'run';
      message: string;
      failure?: TScriptFailure;
    }
  | { type: 'item'; cursor: RunCursor; execution: TExecution }
  | { type: 'done'; report: TRunReport };
export type TRunEventType = RunEvent['type'];

export interface RunCollectionOptions {
  collection: TCollection;
  environment?: TEnvironment;
  /** Workspace or file globals. */
  globals?: readonly TVariable[];
  /** Overrides applied on top of the environment / globals (`--env-var`, `--global-var`). */
  envOverrides?: Readonly<Record<string, string>>;
  globalOverrides?: Readonly<Record<string, string>>;
  /** One row per iteration (a data file). */
  iterationData?: readonly Record<string, unknown>[];
  /** Defaults to the number of data rows, else 1. With fewer rows than iterations the last row repeats. */
  iterations?: number;
  /** Folder names or ids to run (nested ok); empty = the whole collection. */
  folders?: readonly string[];
  /** Wait between requests. */
  delayMs?: number;
  /** Per-request timeout (0 = none). */
  timeoutMs?: number;
  /** Stop at the first failed request, assertion or script. */
  bail?: boolean;
  /** Iterations run concurrently (default 1). See `runCollection` for variable semantics. */
  parallel?: number;
  transport: Transport;
  /** A warm script engine, or a factory for one (called once per run). Omit to skip scripts. */
  scriptEngine?: RunnerScriptEngine | (() => Promise<RunnerScriptEngine>);
  /** Defaults to a fresh jar per run. */
  cookieJar?: CookieJar;
  authCache?: AuthCache;
  /** Keep response bodies in the report (default true). */
  keepResponseBodies?: boolean;
  signal?: AbortSignal;
  /** Run id for the report (default: random UUID). */
  runId?: string;
  /** Scripts read secret variables as `MASKED_SECRET` (a viewer's run); requests still carry the real values. */
  maskSecretsInScripts?: boolean;
}

export interface RunHandle {
  /** Subscribe to events; returns an unsubscribe function. Attach before awaiting anything to see `start`. */
  on(listener: (event: RunEvent) => void): () => void;
  /** Every event, for `for await`. */
  events: AsyncIterable<RunEvent>;
  /** The final report (also carried by the `done` event). */
  report: Promise<TRunReport>;
  /** Final variable state (environment/globals after the run), e.g. for `--export-environment`. */
  variables: Promise<{ environment: TVariable[]; globals: TVariable[]; collection: TVariable[] }>;
  /**
   * A variable's current value in the scopes that `iteration` runs on (with `parallel`, each iteration has its
   * own), for a listener that needs live state: read inside an event listener, it is the value as of that event
   * (e.g. a token a pre-request script stored in a secret variable, to mask it in what is recorded).
   */
  variable(iteration: number, scope: 'environment' | 'globals' | 'collection', key: string): unknown;
  abort(): void;
}
