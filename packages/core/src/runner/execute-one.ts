import type { CookieJar } from 'tough-cookie';
import type { AuthCache } from '../auth/auth-cache';
import type { Transport } from '../http/types';
import type { TCollection, TExecution, TFolder, TRequest, TRequestItem, TVariable } from '../schema';
import { VariableScopes } from '../variables/variable-scopes';
import { executeStep } from './execute-step';
import type { RunEvent, RunnerScriptEngine } from './types';

export interface ExecuteOneOptions {
  /** A saved request or a tree item. */
  request: TRequest | TRequestItem;
  /** The collection and folders above the request (root first) for inherited auth, variables and scripts. */
  collection?: Pick<TCollection, 'scripts' | 'auth' | 'variables'>;
  folders?: readonly TFolder[];
  environment?: readonly TVariable[];
  globals?: readonly TVariable[];
  /** Use these scopes instead of building them from the lists above (their state is updated in place). */
  scopes?: VariableScopes;
  transport: Transport;
  /** Omit to skip scripts. */
  scriptEngine?: RunnerScriptEngine;
  cookieJar?: CookieJar;
  authCache?: AuthCache;
  timeoutMs?: number;
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  /** Scripts read secret variables as `MASKED_SECRET` (a viewer's send); the request still carries the real values. */
  maskSecretsInScripts?: boolean;
}

export interface ExecuteOneResult {
  execution: TExecution;
  /** Variable state after the scripts ran, to save back (environment / globals / collection). */
  variables: { environment: TVariable[]; globals: TVariable[]; collection: TVariable[] };
}

// Same as schema's toRequestItem, kept local so the runner does not pull the zod schemas in at runtime. A key
// loop, not `const { v, ...rest } = request`: V8's object rest is a runtime call, ≈5× slower for this object.
function requestItemOf(request: TRequest): TRequestItem {
  const item: Record<string, unknown> = { type: 'request' };
  for (const key of Object.keys(request)) {
    if (key !== 'v') {
      item[key] = request[key as keyof TRequest];
    }
  }
  return item as TRequestItem;
}

/** Run a single request with its scripts (what "Send" does in the app). Never throws for request or script errors. */
export async function executeOne(opts: ExecuteOneOptions): Promise<ExecuteOneResult> {
  const item: TRequestItem = 'v' in opts.request ? requestItemOf(opts.request) : opts.request;
  const collection = opts.collection ?? {
    scripts: { preRequest: '', test: '' },
    auth: { type: 'none' as const },
    variables: [],
  };
  const scopes =
    opts.scopes ??
    new VariableScopes({
      environment: opts.environment ?? [],
      globals: opts.globals ?? [],
      collection: collection.variables,
    });
  const folders = [...(opts.folders ?? [])];
  const { execution } = await executeStep(
    { item, folders, path: folders.map((f) => f.name) },
    {
      collection,
      scopes,
      transport: opts.transport,
      ...(opts.scriptEngine ? { engine: opts.scriptEngine } : {}),
      iteration: 0,
      iterationCount: 1,
      iterationData: {},
      ...(opts.cookieJar ? { cookieJar: opts.cookieJar } : {}),
      ...(opts.authCache ? { authCache: opts.authCache } : {}),
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onEvent ? { emit: opts.onEvent } : {}),
      ...(opts.maskSecretsInScripts ? { maskSecretsInScripts: true } : {}),
      index: 0,
    },
  );
  return {
    execution,
    variables: {
      environment: scopes.environment.toVariables(),
      globals: scopes.globals.toVariables(),
      collection: scopes.collection.toVariables(),
    },
  };
}
