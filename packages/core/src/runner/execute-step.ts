import type { CookieJar } from 'tough-cookie';
import type { AuthCache } from '../auth/auth-cache';
import { jarMayHaveCookies } from '../http/cookie-jar';
import { toSentRequest } from '../http/sent-request';
import { type PreparedRequest, type SendOptions, type Transport, TransportError } from '../http/types';
import { type PreparableRequest, prepareRequest } from '../prepare/prepare-request';
import type {
  TAssertion,
  TAuth,
  TCollection,
  TConsoleEntry,
  TCookie,
  TExecution,
  TFolder,
  TResponseResult,
  TScriptFailure,
  TSentRequest,
} from '../schema';
import type { ScriptContext, ScriptResult, TScriptPhase, TScriptRequest } from '../scripts/types';
import { findSecretHostViolation, secretRedirectGuard } from '../variables/secret-hosts';
import { unresolvedInHost } from '../variables/template-names';
import type { VariableScopes } from '../variables/variable-scopes';
import type { RunStep } from './flatten';
import { scriptCookieJar } from './script-cookie-jar';
import type { RunCursor, RunEvent, RunnerScriptEngine } from './types';

/** What one request execution needs; shared by `runCollection` and `executeOne`. */
export interface StepContext {
  collection: Pick<TCollection, 'scripts' | 'auth' | 'variables'> & { type?: string; name?: string };
  scopes: VariableScopes;
  transport: Transport;
  engine?: RunnerScriptEngine;
  iteration: number;
  iterationCount: number;
  iterationData: Record<string, unknown>;
  cookieJar?: CookieJar;
  authCache?: AuthCache;
  timeoutMs?: number;
  signal?: AbortSignal;
  keepResponseBodies?: boolean;
  /** Shown to scripts as `pm.environment.name`. */
  environmentName?: string;
  /** The step that follows in the run's order (a setNextRequest jump may still go elsewhere). */
  nextStep?: RunStep;
  /** Execution index within the run. */
  index: number;
  /** --bail: a failing pre-request script stops the step before the request is sent (as in newman). */
  bail?: boolean;
  emit?: (event: RunEvent) => void;
  /** Scripts read secret variables as `MASKED_SECRET` (see `VariableScopes.setScriptView`). */
  maskSecretsInScripts?: boolean;
  /** See `SendOptions.connectionOwner` (a load-test VU's own connections). */
  connectionOwner?: object;
}

export interface StepOutcome {
  execution: TExecution;
  /** undefined: no setNextRequest call; null: stop; string: jump by name or id. */
  nextRequest?: string | null;
  failed: boolean;
  /** Scripts run per phase, collection's, folders' and the request's each counted (as newman counts them). */
  ran: { preRequest: number; test: number };
  /** pm.sendRequest calls made by this step's scripts (newman counts them as requests). */
  sideRequests: number;
  /** Those of them that failed (no response): each fails the step, as in newman. */
  failedSideRequests: number;
}

interface ScriptSource {
  code: string;
  source: string;
}

function scriptChain(step: RunStep, ctx: StepContext, phase: TScriptPhase): ScriptSource[] {
  const out: ScriptSource[] = [];
  const pick = (scripts: { preRequest: string; test: string }): string =>
    phase === 'preRequest' ? scripts.preRequest : scripts.test;
  const root = pick(ctx.collection.scripts);
  if (root.trim() !== '') {
    out.push({ code: root, source: 'collection' });
  }
  for (const folder of step.folders) {
    const code = pick(folder.scripts);
    if (code.trim() !== '') {
      out.push({ code, source: folder.name });
    }
  }
  const own = pick(step.item.scripts);
  if (own.trim() !== '') {
    out.push({ code: own, source: step.item.name });
  }
  return out;
}

/**
 * The scripts that run next: this request's test scripts and the next request's pre-request scripts. Compiled
 * while the request is on the wire, the compile overlaps the network wait instead of following it.
 */
function upcomingScripts(testChain: ScriptSource[], ctx: StepContext): string[] {
  const codes = testChain.map((s) => s.code);
  if (ctx.nextStep) {
    for (const s of scriptChain(ctx.nextStep, ctx, 'preRequest')) {
      codes.push(s.code);
    }
  }
  return codes;
}

function errorCode(e: unknown): { code: string; message: string } {
  if (e instanceof TransportError) {
    return { code: e.code, message: e.message };
  }
  if (e instanceof Error) {
    const code = (e as Error & { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : 'NETWORK_ERROR', message: e.message };
  }
  return { code: 'NETWORK_ERROR', message: String(e) };
}

/**
 * Execute one request of a run: pre-request scripts (collection → folders → request), variable resolution and
 * auth, the send, then test scripts in the same order. Script errors are reported failures, never throws.
 */
export async function executeStep(step: RunStep, ctx: StepContext): Promise<StepOutcome> {
  const { scopes } = ctx;
  // Only read for inherited auth (prepareRequest): the collection as it is, not a copy tagged with its type.
  const ancestors: ReadonlyArray<TFolder | StepContext['collection']> = [ctx.collection, ...step.folders];
  scopes.setFolders(step.folders);
  const cursor: RunCursor = {
    iteration: ctx.iteration,
    index: ctx.index,
    itemId: step.item.id,
    name: step.item.name,
    path: step.path,
  };
  const emit = ctx.emit;
  const assertions: TAssertion[] = [];
  const consoleEntries: TConsoleEntry[] = [];
  const scriptFailures: TScriptFailure[] = [];
  let nextRequest: string | null | undefined;
  let visualizer: TExecution['visualizer'];
  let request: TScriptRequest = toScriptRequest(step.item);

  // pm.sendRequest: variables resolved like any request, no inherited auth, same transport, jar and timeout.
  // Resolved with the real values even while the scripts see masks; refused when a secret may not go there.
  // A call that gets no response fails the step, as newman fails the run: the script's callback still gets the
  // error, and the execution's warnings say which call failed.
  let sideRequests = 0;
  const sideFailures: string[] = [];
  const sendSide = (req: TScriptRequest): Promise<TResponseResult> => {
    scopes.setScriptView(false);
    try {
      const { prepared } = prepareRequest(fromScriptRequest(req, step.item), [], scopes);
      const refused = findSecretHostViolation(prepared, scopes);
      if (refused !== undefined) {
        return Promise.reject(new TransportError('SECRET_HOST_FORBIDDEN', refused));
      }
      const opts = sendOptions(ctx, undefined);
      const guard = secretRedirectGuard(prepared, scopes);
      if (guard) {
        opts.checkRedirect = guard;
      }
      return ctx.transport.send({ ...prepared }, opts);
    } finally {
      scopes.setScriptView(ctx.maskSecretsInScripts === true);
    }
  };
  const sendRequest = (req: TScriptRequest): Promise<TResponseResult> => {
    sideRequests += 1;
    return sendSide(req).catch((e: unknown) => {
      const { code, message } = errorCode(e);
      const text = `pm.sendRequest failed: ${code}: ${message}`;
      sideFailures.push(text);
      emit?.({ type: 'error', cursor, kind: 'request', message: text });
      throw e;
    });
  };

  const scriptJar = ctx.cookieJar ? scriptCookieJar(ctx.cookieJar) : undefined;
  // pm.info, the same for both phases (the sandbox asks for it only when a script reads it).
  let info: ScriptContext['info'];
  /** `chain`: the phase's scripts (scriptChain), never empty when an engine is set. */
  const runScripts = async (
    phase: TScriptPhase,
    chain: ScriptSource[],
    response?: TResponseResult,
  ): Promise<void> => {
    const engine = ctx.engine;
    if (!engine || chain.length === 0) {
      return;
    }
    ran[phase] += chain.length;
    // pm.cookies: the jar's cookies for the URL (read only when a test script will run).
    let cookies: TCookie[] | undefined;
    if (response) {
      const jar = ctx.cookieJar;
      let fromJar: TCookie[] | undefined;
      if (jar) {
        // An empty jar (a load test's VU on a cookie-less API) is answered without an await. The URL is the final
        // hop's: a tallied step's `sent` is the request before any redirect.
        fromJar = jarMayHaveCookies(jar)
          ? await jarCookies(jar, response.redirects.at(-1)?.url ?? sent.url)
          : [];
      }
      cookies = fromJar ?? response.cookies;
    }
    info ??= {
      iteration: ctx.iteration,
      iterationCount: ctx.iterationCount,
      requestName: step.item.name,
      requestId: step.item.id,
      location: ctx.collection.name
        ? [ctx.collection.name, ...step.path, step.item.name]
        : [...step.path, step.item.name],
    };
    for (const script of chain) {
      // Set key by key, not by conditional spreads (a slow path in V8, paid per script run in a load test).
      const scriptCtx: ScriptContext = { request, variables: scopes, info, sendRequest };
      if (response) {
        scriptCtx.response = response;
      }
      if (cookies) {
        scriptCtx.cookies = cookies;
      }
      if (ctx.environmentName) {
        scriptCtx.environmentName = ctx.environmentName;
      }
      if (scriptJar) {
        scriptCtx.cookieJar = scriptJar;
      }
      const input = { phase, code: script.code, source: script.source, ctx: scriptCtx };
      let result: ScriptResult;
      if (ctx.maskSecretsInScripts) {
        scopes.setScriptView(true);
        try {
          result = await engine.run(input);
        } finally {
          scopes.setScriptView(false);
        }
      } else {
        result = await engine.run(input);
      }
      for (const entry of result.console) {
        consoleEntries.push(entry);
        emit?.({ type: 'console', cursor, entry });
      }
      for (const assertion of result.assertions) {
        assertions.push(assertion);
        emit?.({ type: 'assertion', cursor, assertion });
      }
      if (result.nextRequest !== undefined) {
        nextRequest = result.nextRequest;
      }
      if (result.visualizer !== undefined) {
        visualizer = result.visualizer ?? undefined;
      }
      if (phase === 'preRequest') {
        request = result.request;
        if (result.skipRequest) {
          skipped = true;
        }
      }
      if (result.failure) {
        const failure: TScriptFailure = { phase, source: script.source, message: result.failure.message };
        if (result.failure.line !== undefined) {
          failure.line = result.failure.line;
        }
        scriptFailures.push(failure);
        emit?.({ type: 'error', cursor, kind: 'script', message: failure.message, failure });
      }
    }
  };

  let skipped = false;
  const ran = { preRequest: 0, test: 0 };
  // Awaited only when some script runs: an await per request is measurable in a load test.
  const preChain = ctx.engine ? scriptChain(step, ctx, 'preRequest') : [];
  if (preChain.length > 0) {
    await runScripts('preRequest', preChain);
  }
  if (ctx.bail && scriptFailures.length > 0) {
    skipped = true;
  }

  const { prepared, warnings } = prepareRequest(fromScriptRequest(request, step.item), ancestors, scopes);
  // A load test's step (bodies dropped, no events): its execution is tallied and dropped, so the request as sent
  // is neither described here nor rebuilt from the wire; without test scripts the body is not decoded either.
  const tallied = ctx.keepResponseBodies === false && !emit;
  let sent: TSentRequest = tallied
    ? { method: prepared.method, url: prepared.url, headers: prepared.headers }
    : toSentRequest(prepared);
  emit?.({ type: 'beforeRequest', cursor, request: sent });

  let response: TResponseResult | undefined;
  let error: { code: string; message: string } | undefined;
  // The test phase's scripts: known before the send (what gets compiled during it, whether the body is read).
  const testChain = ctx.engine ? scriptChain(step, ctx, 'test') : [];
  // A secret with a host allow-list is checked before a byte leaves (URL, headers, body, deferred auth).
  const refused = skipped ? undefined : findSecretHostViolation(prepared, scopes);
  const hostVariables = skipped ? [] : unresolvedInHost(prepared.url);
  if (skipped) {
    // pm.execution.skipRequest(): nothing is sent and no test script runs.
  } else if (prepared.url === '') {
    error = { code: 'INVALID_URL', message: 'Request has no URL' };
  } else if (hostVariables.length > 0) {
    // newman sends it and reports `getaddrinfo ENOTFOUND {{baseurl}}` (lower-cased by the URL parser): we name
    // the variable as written instead (docs/postman-compat.md).
    const names = hostVariables.map((n) => `{{${n}}}`).join(', ');
    error = {
      code: 'UNRESOLVED_VARIABLE',
      message: `Unresolved variable ${names} in the URL's host: define it in an environment, the collection or globals`,
    };
  } else if (refused !== undefined) {
    error = { code: 'SECRET_HOST_FORBIDDEN', message: refused };
  } else {
    try {
      const opts = sendOptions(
        ctx,
        step.item.settings,
        tallied
          ? undefined
          : (s) => {
              sent = s;
            },
      );
      if (tallied && testChain.length === 0) {
        opts.discardBody = true;
      }
      // The step's own request only: pm.sendRequest calls may run side by side, so they keep the shared pool.
      if (ctx.connectionOwner) {
        opts.connectionOwner = ctx.connectionOwner;
      }
      const guard = secretRedirectGuard(prepared, scopes);
      if (guard) {
        opts.checkRedirect = guard;
      }
      const precompile = ctx.engine?.precompile;
      if (precompile) {
        opts.onRequestWritten = () => {
          opts.onRequestWritten = undefined;
          for (const code of upcomingScripts(testChain, ctx)) {
            precompile.call(ctx.engine, code);
          }
        };
      }
      response = await ctx.transport.send(prepared, opts);
    } catch (e) {
      error = errorCode(e);
    }
  }
  emit?.({
    type: 'response',
    cursor,
    request: sent,
    ...(response ? { response } : {}),
    ...(error ? { error } : {}),
  });
  if (error) {
    emit?.({ type: 'error', cursor, kind: 'request', message: `${error.code}: ${error.message}` });
  }

  // Postman runs test scripts even when the request failed (pm.response is then empty); we skip them because
  // there is nothing to assert against, and the failed request already fails the run.
  if (response && testChain.length > 0) {
    // As in Postman, the test phase sees the request that was sent: variables resolved, auth headers added. Built
    // only for a script to read (a load test without scripts pays nothing for it).
    request = resolvedScriptRequest(request, prepared);
    const auth = appliedAuthType(step.item.auth, ancestors);
    if (auth) {
      request.auth = { type: auth };
    }
    await runScripts('test', testChain, response);
  }

  let kept = response;
  if (response && ctx.keepResponseBodies === false && response.body !== '') {
    // Emitted events may still hold the response: dropped from a copy then. With no events (a load test) nobody
    // else has it, so no copy per request.
    if (emit) {
      kept = { ...response, body: '' };
    } else {
      response.body = '';
    }
  }
  const execution = buildExecution(step, ctx, sent, kept, error, {
    assertions,
    scriptFailures,
    console: consoleEntries,
    warnings: sideFailures.length > 0 ? [...warnings, ...sideFailures] : warnings,
  });
  if (visualizer) {
    // Last key, as in ZExecution: the schema order holds.
    execution.visualizer = visualizer;
  }
  emit?.({ type: 'item', cursor, execution });
  const failed =
    error !== undefined ||
    sideFailures.length > 0 ||
    scriptFailures.length > 0 ||
    assertions.some((a) => !a.passed && !a.skipped);
  const out: StepOutcome = { execution, failed, ran, sideRequests, failedSideRequests: sideFailures.length };
  if (nextRequest !== undefined) {
    out.nextRequest = nextRequest;
  }
  return out;
}

/**
 * The execution with its keys in ZExecution's order: a server sends a result whose keys are already in schema
 * order with plain JSON.stringify, instead of having Zod build an encoded copy first (held by
 * result-shape.test.ts). Plain literals, not conditional spreads (a slow path in V8 for a hot object). A step has a
 * response or an error, not both.
 */
function buildExecution(
  step: RunStep,
  ctx: StepContext,
  sent: TSentRequest,
  response: TResponseResult | undefined,
  error: TExecution['error'],
  rest: Pick<TExecution, 'assertions' | 'scriptFailures' | 'console' | 'warnings'>,
): TExecution {
  const { assertions, scriptFailures, console, warnings } = rest;
  const { id: itemId, name } = step.item;
  const { path } = step;
  const { iteration } = ctx;
  if (response !== undefined) {
    return {
      itemId,
      name,
      path,
      iteration,
      request: sent,
      response,
      assertions,
      scriptFailures,
      console,
      warnings,
    };
  }
  if (error !== undefined) {
    return {
      itemId,
      name,
      path,
      iteration,
      request: sent,
      error,
      assertions,
      scriptFailures,
      console,
      warnings,
    };
  }
  return { itemId, name, path, iteration, request: sent, assertions, scriptFailures, console, warnings };
}

function toScriptRequest(item: RunStep['item']): TScriptRequest {
  return {
    id: item.id,
    name: item.name,
    method: item.method,
    url: item.url,
    headers: item.headers.map((h) => ({ key: h.key, value: h.value, enabled: h.enabled })),
    body: item.body,
  };
}

/**
 * The Postman name of the auth that applied to the request, as `pm.request.auth.type` shows it in a test script:
 * the request's own, else the nearest folder's or the collection's; undefined when none of them sets one.
 */
function appliedAuthType(own: TAuth, ancestors: ReadonlyArray<{ auth: TAuth }>): string | undefined {
  // From the request (i = ancestors.length) up to the collection (i = 0), without building the chain per request.
  for (let i = ancestors.length; i >= 0; i--) {
    const a = i === ancestors.length ? own : (ancestors[i] as { auth: TAuth }).auth;
    if (a.type === 'inherit') {
      continue;
    }
    // The collection's "none" is what an import writes when it has no auth at all.
    if (a.type === 'none') {
      return i === 0 ? undefined : 'noauth';
    }
    return a.type;
  }
  return undefined;
}

/** The script request after preparation: resolved URL, the headers that were sent, the resolved raw body. */
function resolvedScriptRequest(req: TScriptRequest, prepared: PreparedRequest): TScriptRequest {
  const out: TScriptRequest = {
    ...req,
    method: prepared.method,
    // Characters a URL cannot hold as they are (a space typed in a query) shown encoded, as Postman shows them.
    url: prepared.url.replace(/[ "<>`]/g, (c) => encodeURIComponent(c)),
    headers: prepared.headers.map((h) => ({ key: h.key, value: h.value })),
  };
  const b = prepared.body;
  if (req.body?.mode === 'raw' && b?.kind === 'text') {
    out.body = { ...req.body, raw: b.text };
  } else if (req.body?.mode === 'urlencoded' && b?.kind === 'urlencoded') {
    out.body = {
      mode: 'urlencoded',
      urlencoded: b.fields.map((f) => ({ key: f.key, value: f.value, enabled: true })),
    };
  }
  return out;
}

/** Back to the saved-item shape `prepareRequest` reads; auth stays the item's own (scripts cannot change it). */
function fromScriptRequest(req: TScriptRequest, item: RunStep['item']): PreparableRequest {
  return {
    method: req.method || 'GET',
    url: req.url,
    headers: req.headers.map((h) => ({ key: h.key, value: h.value, enabled: h.enabled !== false })),
    body: req.body ?? { mode: 'none' },
    auth: req.id === item.id ? item.auth : { type: 'none' },
  };
}

async function jarCookies(jar: CookieJar, url: string): Promise<TCookie[] | undefined> {
  try {
    const cookies = await jar.getCookies(url);
    return cookies.map((c) => {
      const out: TCookie = { name: c.key, value: c.value };
      if (c.domain) {
        out.domain = c.domain;
      }
      if (c.path) {
        out.path = c.path;
      }
      if (c.httpOnly) {
        out.httpOnly = true;
      }
      if (c.secure) {
        out.secure = true;
      }
      return out;
    });
  } catch {
    return undefined;
  }
}

function sendOptions(
  ctx: StepContext,
  settings: RunStep['item']['settings'] | undefined,
  onSent?: (sent: TSentRequest) => void,
): SendOptions {
  const opts: SendOptions = {};
  const timeout = settings?.timeoutMs ?? ctx.timeoutMs;
  if (timeout !== undefined) {
    opts.timeoutMs = timeout;
  }
  if (settings?.followRedirects !== undefined) {
    opts.followRedirects = settings.followRedirects;
  }
  if (settings?.maxRedirects !== undefined) {
    opts.maxRedirects = settings.maxRedirects;
  }
  if (settings?.strictSSL === false) {
    opts.insecure = true;
  }
  if (ctx.cookieJar) {
    opts.cookieJar = ctx.cookieJar;
  }
  if (ctx.authCache) {
    opts.authCache = ctx.authCache;
  }
  if (ctx.signal) {
    opts.signal = ctx.signal;
  }
  if (onSent) {
    opts.onSent = onSent;
  }
  return opts;
}
