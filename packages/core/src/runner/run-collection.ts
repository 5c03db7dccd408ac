import { CookieJar } from 'tough-cookie';
import { createAuthCache } from '../auth/auth-cache';
import type { TExecution, TRunReport, TRunStats, TVariable } from '../schema';
import { type VariableLayer, VariableScopes } from '../variables/variable-scopes';
import { EventStream } from './event-stream';
import { executeStep, type StepContext } from './execute-step';
import { planRun, type RunStep } from './flatten';
import { setRunStepOptions, startScriptEngine } from './step-setup';
import type { RunCollectionOptions, RunEvent, RunHandle } from './types';

type Snapshot = Record<string, unknown>;
interface LayerDiff {
  set: Map<string, unknown>;
  unset: Set<string>;
}

function diffLayer(before: Snapshot, after: VariableLayer): LayerDiff {
  const now = after.toObject();
  const set = new Map<string, unknown>();
  const unset = new Set<string>();
  for (const [k, v] of Object.entries(now)) {
    if (!(k in before) || before[k] !== v) {
      set.set(k, v);
    }
  }
  for (const k of Object.keys(before)) {
    if (!(k in now)) {
      unset.add(k);
    }
  }
  return { set, unset };
}

function applyDiff(layer: VariableLayer, diff: LayerDiff): void {
  for (const k of diff.unset) {
    layer.unset(k);
  }
  for (const [k, v] of diff.set) {
    layer.set(k, v);
  }
}

function withOverrides(
  vars: readonly TVariable[] | undefined,
  overrides?: Readonly<Record<string, string>>,
): Snapshot {
  const out: Snapshot = {};
  for (const v of vars ?? []) {
    if (v.enabled !== false) {
      out[v.key] = v.value;
    }
  }
  Object.assign(out, overrides ?? {});
  return out;
}

function computeStats(
  iterations: number,
  executions: readonly TExecution[],
  ran: { preRequest: number; test: number; side: number; sideFailed: number },
): TRunStats {
  // Requests sent (a skipped request is not one) and pm.sendRequest calls, as newman counts them.
  let sent = ran.side;
  let failedRequests = ran.sideFailed;
  let assertions = 0;
  let failedAssertions = 0;
  let failedScripts = 0;
  for (const e of executions) {
    if (e.error) {
      failedRequests += 1;
    }
    if (e.error || e.response) {
      sent += 1;
    }
    for (const a of e.assertions) {
      assertions += 1;
      if (!a.passed && !a.skipped) {
        failedAssertions += 1;
      }
    }
    failedScripts += e.scriptFailures.length;
  }
  return {
    iterations,
    requests: { total: sent, failed: failedRequests },
    assertions: { total: assertions, failed: failedAssertions },
    scripts: { failed: failedScripts, preRequest: ran.preRequest, test: ran.test },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * Run a collection: iterations (data rows), folder selection, delay, bail, `postman.setNextRequest` (jump by
 * name or id, null stops the iteration) and `parallel` iterations, emitting a typed event stream.
 *
 * Variable semantics: sequential runs share one set of scopes, so environment/global/collection writes carry into
 * later requests and iterations (as in newman); local variables live for the whole run. With `parallel > 1` each
 * iteration runs on its own copy of every scope, taken from the state at run start, so iterations never see each
 * other's writes; when the run ends the environment/global/collection writes of each iteration are applied in
 * iteration order (a later iteration wins on the same key), which is what `variables` and
 * `--export-environment` return.
 */
export function runCollection(opts: RunCollectionOptions): RunHandle {
  const stream = new EventStream<RunEvent>();
  const controller = new AbortController();
  if (opts.signal) {
    if (opts.signal.aborted) {
      controller.abort();
    }
    opts.signal.addEventListener('abort', () => controller.abort(), { once: true });
  }
  const base = new VariableScopes({
    globals: withOverrides(opts.globals, opts.globalOverrides),
    environment: withOverrides(opts.environment?.variables, opts.envOverrides),
    collection: opts.collection.variables,
  });
  let resolveVars: (v: { environment: TVariable[]; globals: TVariable[]; collection: TVariable[] }) => void =
    () => {};
  const variables = new Promise<{ environment: TVariable[]; globals: TVariable[]; collection: TVariable[] }>(
    (resolve) => {
      resolveVars = resolve;
    },
  );
  const emit = (event: RunEvent): void => stream.emit(event);
  // The scopes of iterations in progress when they are not `base` (parallel runs fork one per iteration).
  const forked = new Map<number, VariableScopes>();
  const report = (async (): Promise<TRunReport> => {
    // Let the caller attach listeners before the first event.
    await Promise.resolve();
    try {
      return await execute(opts, base, forked, controller.signal, emit);
    } finally {
      resolveVars({
        environment: base.environment.toVariables(),
        globals: base.globals.toVariables(),
        collection: base.collection.toVariables(),
      });
      stream.close();
    }
  })();
  return {
    on: (listener) => stream.on(listener),
    events: stream,
    report,
    variables,
    variable: (iteration, scope, key) => (forked.get(iteration) ?? base).layer(scope).get(key),
    abort: () => controller.abort(),
  };
}

async function execute(
  opts: RunCollectionOptions,
  base: VariableScopes,
  forked: Map<number, VariableScopes>,
  signal: AbortSignal,
  emit: (event: RunEvent) => void,
): Promise<TRunReport> {
  const { collection } = opts;
  // The script engine is set up before the clock starts: report durations (and the throughput derived from them)
  // measure requests and scripts, not the one-off QuickJS start.
  const started = await startScriptEngine(opts.scriptEngine);
  const engine = started.engine;
  let runError = started.runError;
  const startedAt = new Date().toISOString();
  const rows = opts.iterationData ?? [];
  const iterationCount = Math.max(1, opts.iterations ?? (rows.length > 0 ? rows.length : 1));
  const executions: TExecution[][] = [];
  let bailed = false;
  // Iterations started and script phases run, for the report's counts (newman's summary table).
  let iterationsRun = 0;
  const scriptsRan = { preRequest: 0, test: 0, side: 0, sideFailed: 0 };

  const plan = planRun(collection, opts.folders ?? []);
  const steps: RunStep[] = plan.ok ? plan.value : [];
  emit({
    type: 'start',
    collection: { id: collection.id, name: collection.name },
    iterations: iterationCount,
    requestsPerIteration: steps.length,
    startedAt,
  });

  const cookieJar = opts.cookieJar ?? new CookieJar();
  const authCache = opts.authCache ?? createAuthCache();
  let nextIndex = 0;

  const runIteration = async (iteration: number, scopes: VariableScopes): Promise<void> => {
    const row = rows.length === 0 ? {} : (rows[Math.min(iteration, rows.length - 1)] ?? {});
    scopes.data.replace(row);
    iterationsRun += 1;
    emit({ type: 'iteration', iteration, iterations: iterationCount });
    const done: TExecution[] = [];
    executions[iteration] = done;
    let i = 0;
    while (i < steps.length && !signal.aborted && !bailed) {
      const step = steps[i];
      if (!step) {
        break;
      }
      const ctx: StepContext = {
        collection,
        scopes,
        transport: opts.transport,
        iteration,
        iterationCount,
        iterationData: row,
        cookieJar,
        authCache,
        signal,
        index: nextIndex++,
        emit,
      };
      setRunStepOptions(ctx, engine, steps[i + 1], opts);
      if (opts.keepResponseBodies !== undefined) {
        ctx.keepResponseBodies = opts.keepResponseBodies;
      }
      if (opts.maskSecretsInScripts) {
        ctx.maskSecretsInScripts = true;
      }
      if (opts.bail) {
        ctx.bail = true;
      }
      const outcome = await executeStep(step, ctx);
      done.push(outcome.execution);
      scriptsRan.preRequest += outcome.ran.preRequest;
      scriptsRan.test += outcome.ran.test;
      scriptsRan.side += outcome.sideRequests;
      scriptsRan.sideFailed += outcome.failedSideRequests;
      if (outcome.failed && opts.bail) {
        bailed = true;
        break;
      }
      if (outcome.nextRequest === null) {
        break;
      }
      if (typeof outcome.nextRequest === 'string') {
        const target = outcome.nextRequest;
        const at = steps.findIndex((s) => s.item.name === target || s.item.id === target);
        if (at < 0) {
          // newman ends the iteration when the target does not exist.
          emit({ type: 'error', kind: 'run', message: `setNextRequest: no request named "${target}"` });
          break;
        }
        i = at;
      } else {
        i += 1;
      }
      if (opts.delayMs && opts.delayMs > 0 && i < steps.length) {
        await sleep(opts.delayMs, signal);
      }
    }
  };

  try {
    if (runError !== undefined) {
      emit({ type: 'error', kind: 'run', message: runError });
    } else if (!plan.ok) {
      runError = plan.error.message;
      emit({ type: 'error', kind: 'run', message: runError });
    } else {
      const parallel = Math.max(1, Math.min(opts.parallel ?? 1, iterationCount));
      if (parallel === 1) {
        for (let it = 0; it < iterationCount && !signal.aborted && !bailed; it++) {
          await runIteration(it, base);
        }
      } else {
        await runParallel(
          parallel,
          iterationCount,
          base,
          forked,
          runIteration,
          () => signal.aborted || bailed,
        );
      }
    }
  } catch (e) {
    runError = e instanceof Error ? e.message : String(e);
    emit({ type: 'error', kind: 'run', message: runError });
  } finally {
    if (engine && typeof opts.scriptEngine === 'function') {
      await engine.dispose();
    }
  }

  const flat = executions.flat();
  const stats = computeStats(iterationsRun, flat, scriptsRan);
  const failed =
    bailed || stats.requests.failed > 0 || stats.assertions.failed > 0 || stats.scripts.failed > 0;
  const report: TRunReport = {
    v: 1,
    id: opts.runId ?? globalThis.crypto.randomUUID(),
    collection: { id: collection.id, name: collection.name },
    status: signal.aborted || runError !== undefined ? 'aborted' : failed ? 'failed' : 'passed',
    startedAt,
    finishedAt: new Date().toISOString(),
    stats,
    executions: flat,
  };
  if (opts.environment) {
    report.environment = { id: opts.environment.id, name: opts.environment.name };
  }
  emit({ type: 'done', report });
  return report;
}

/** Runs iterations on `parallel` workers, each on forked scopes; merges variable writes in iteration order. */
async function runParallel(
  parallel: number,
  iterationCount: number,
  base: VariableScopes,
  forked: Map<number, VariableScopes>,
  runIteration: (iteration: number, scopes: VariableScopes) => Promise<void>,
  stopped: () => boolean,
): Promise<void> {
  const before = {
    environment: base.environment.toObject(),
    globals: base.globals.toObject(),
    collection: base.collection.toObject(),
  };
  const diffs: { environment: LayerDiff; globals: LayerDiff; collection: LayerDiff }[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (!stopped()) {
      const iteration = next++;
      if (iteration >= iterationCount) {
        return;
      }
      const scopes = base.fork();
      forked.set(iteration, scopes);
      try {
        await runIteration(iteration, scopes);
      } finally {
        forked.delete(iteration);
      }
      diffs[iteration] = {
        environment: diffLayer(before.environment, scopes.environment),
        globals: diffLayer(before.globals, scopes.globals),
        collection: diffLayer(before.collection, scopes.collection),
      };
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  for (const d of diffs) {
    if (!d) {
      continue;
    }
    applyDiff(base.environment, d.environment);
    applyDiff(base.globals, d.globals);
    applyDiff(base.collection, d.collection);
  }
}
