import { createAuthCache } from '../auth/auth-cache';
import { planRun, type RunStep } from '../runner/flatten';
import { startScriptEngine } from '../runner/step-setup';
import type { TCollection, TVariable } from '../schema';
import { VariableScopes } from '../variables/variable-scopes';
import { batchedEngine } from './batched-engine';
import { LoadInputError } from './errors';
import { createExecutionRecorder } from './execution-recorder';
import { LoadMetrics } from './metrics';
import type { LoadHandle, LoadResult, RunLoadOptions } from './run-load-types';
import { startSchedule } from './schedule';
import { evaluateThresholds } from './thresholds';
import { virtualUserFactory } from './virtual-user';

export type { LoadHandle, LoadResult, RunLoadOptions } from './run-load-types';

function overrides(vars: readonly TVariable[] | undefined, extra?: Readonly<Record<string, string>>) {
  const out: Record<string, unknown> = {};
  for (const v of vars ?? []) {
    if (v.enabled !== false) {
      out[v.key] = v.value;
    }
  }
  return Object.assign(out, extra ?? {});
}

/** The requests a load run would send; throws `LoadInputError` when there are none (or the folders are unknown). */
export function planLoad(collection: TCollection, folders: readonly string[] = []): RunStep[] {
  const plan = planRun(collection, folders);
  if (!plan.ok) {
    throw new LoadInputError(plan.error.message);
  }
  if (plan.value.length === 0) {
    throw new LoadInputError(`The collection "${collection.name}" has no requests to run`);
  }
  return plan.value;
}

/**
 * Run a collection as a load test: VUs (virtual users) each run iterations of the whole, unmodified collection —
 * pre-request and test scripts included, `setNextRequest` honoured — on their own copy of every variable scope
 * (forked from the state at start, like `runCollection`'s parallel iterations) and their own cookie jar. Data rows
 * go to iterations round-robin. Latencies go to HDR histograms (`LoadMetrics`), thresholds are checked at the end.
 * Throws `LoadInputError` synchronously when the collection has no requests.
 */
export function runLoad(opts: RunLoadOptions): LoadHandle {
  const steps = planLoad(opts.collection, opts.folders);
  const controller = new AbortController();
  const stop = new AbortController();
  const onAbort = (): void => {
    aborted = true;
    stop.abort();
    controller.abort();
  };
  let aborted = false;
  if (opts.signal) {
    if (opts.signal.aborted) {
      aborted = true;
    }
    opts.signal.addEventListener('abort', onAbort, { once: true });
  }
  let active = 0;
  const result = execute(opts, steps, controller, stop, () => aborted, {
    inc: (d) => {
      active += d;
    },
  }).finally(() => opts.signal?.removeEventListener('abort', onAbort));
  return { result, vus: () => active, abort: onAbort };
}

async function execute(
  opts: RunLoadOptions,
  steps: RunStep[],
  controller: AbortController,
  stop: AbortController,
  wasAborted: () => boolean,
  counter: { inc(delta: number): void },
): Promise<LoadResult> {
  const { collection, profile } = opts;
  const now = opts.now ?? (() => performance.now());
  const metrics = new LoadMetrics();
  const recorder = createExecutionRecorder(metrics);
  const started = await startScriptEngine(opts.scriptEngine);
  const engine = started.engine ? batchedEngine(started.engine) : undefined;
  let runError = started.runError;
  const base = new VariableScopes({
    globals: overrides(opts.globals, opts.globalOverrides),
    environment: overrides(opts.environment?.variables, opts.envOverrides),
    collection: collection.variables,
  });
  const authCache = createAuthCache();
  let running = 0;
  let peakVus = 0;
  const startedAt = new Date().toISOString();
  const t0 = now();

  const vus = virtualUserFactory({
    opts,
    steps,
    engine,
    base,
    authCache,
    metrics,
    recorder,
    stop: stop.signal,
    controller: controller.signal,
    now,
  });

  const vuStarted = (): void => {
    running += 1;
    peakVus = Math.max(peakVus, running);
    counter.inc(1);
  };
  const vuEnded = (): void => {
    running -= 1;
    counter.inc(-1);
  };

  const tasks = new Set<Promise<void>>();
  const track = (p: Promise<void>): void => {
    tasks.add(p);
    void p.finally(() => tasks.delete(p));
  };

  let sampler: ReturnType<typeof setInterval> | undefined;
  let scheduler: ReturnType<typeof setInterval> | undefined;
  try {
    if (runError !== undefined || wasAborted()) {
      stop.abort();
    } else {
      sampler = setInterval(() => {
        const sample = metrics.tick(now() - t0, running);
        opts.onInterval?.(sample, metrics);
      }, 1000);
      scheduler = startSchedule({
        profile,
        t0,
        now,
        stop,
        newVu: vus.newVu,
        track,
        vuStarted,
        vuEnded,
        metrics,
      });
      await new Promise<void>((resolve) => {
        if (stop.signal.aborted) {
          resolve();
        } else {
          stop.signal.addEventListener('abort', () => resolve(), { once: true });
        }
      });
      clearInterval(scheduler);
      scheduler = undefined;
      // Time is up: requests in flight may finish for gracefulStopMs, then they are cancelled.
      const grace = setTimeout(() => controller.abort(), opts.gracefulStopMs ?? 5000);
      while (tasks.size > 0) {
        await Promise.allSettled([...tasks]);
      }
      clearTimeout(grace);
    }
  } catch (e) {
    runError = e instanceof Error ? e.message : String(e);
  } finally {
    if (scheduler) {
      clearInterval(scheduler);
    }
    if (sampler) {
      clearInterval(sampler);
    }
    vus.disposeAll();
    if (engine && typeof opts.scriptEngine === 'function') {
      await engine.dispose();
    }
  }
  const durationMs = now() - t0;
  metrics.elapsedMs = durationMs;
  const last = metrics.tick(durationMs, 0);
  if (last.requests > 0 || metrics.series.length === 1) {
    opts.onInterval?.(last, metrics);
  } else {
    metrics.series.pop();
  }
  const thresholds = evaluateThresholds(opts.thresholds ?? [], (m, a, name) => metrics.value(m, a, name));
  const result: LoadResult = {
    startedAt,
    finishedAt: new Date().toISOString(),
    durationMs,
    profile,
    metrics,
    thresholds,
    passed: thresholds.every((r) => r.passed) && runError === undefined,
    aborted: wasAborted(),
    peakVus,
    errors: recorder.errors,
  };
  if (runError !== undefined) {
    result.runError = runError;
  }
  return result;
}
