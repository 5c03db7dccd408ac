import { CookieJar } from 'tough-cookie';
import { createAuthCache } from '../auth/auth-cache';
import type { Transport } from '../http/types';
import { executeStep, type StepContext } from '../runner/execute-step';
import { planRun, type RunStep } from '../runner/flatten';
import type { RunnerScriptEngine } from '../runner/types';
import type { TCollection, TEnvironment, TExecution, TVariable } from '../schema';
import { VariableScopes } from '../variables/variable-scopes';
import { LoadInputError } from './errors';
import { type IntervalSample, LoadMetrics } from './metrics';
import { type LoadProfile, type ThinkTime, targetVus } from './profile';
import { evaluateThresholds, type Threshold, type ThresholdResult } from './thresholds';

export interface RunLoadOptions {
  collection: TCollection;
  environment?: TEnvironment;
  globals?: readonly TVariable[];
  envOverrides?: Readonly<Record<string, string>>;
  globalOverrides?: Readonly<Record<string, string>>;
  /** Data rows, handed to iterations round-robin. */
  iterationData?: readonly Record<string, unknown>[];
  folders?: readonly string[];
  profile: LoadProfile;
  thresholds?: readonly Threshold[];
  think?: ThinkTime;
  timeoutMs?: number;
  /** How long in-flight requests may finish after the run's time is up before they are cancelled (default 5 s). */
  gracefulStopMs?: number;
  transport: Transport;
  /** One warm engine (or a factory) shared by every VU; omit when the collection has no scripts. */
  scriptEngine?: RunnerScriptEngine | (() => Promise<RunnerScriptEngine>);
  signal?: AbortSignal;
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
  const errors = new Map<string, number>();
  const noteError = (message: string): void => {
    const n = errors.get(message);
    if (n !== undefined) {
      errors.set(message, n + 1);
    } else if (errors.size < 50) {
      errors.set(message, 1);
    }
  };
  let engine: RunnerScriptEngine | undefined;
  let runError: string | undefined;
  if (opts.scriptEngine) {
    try {
      engine = typeof opts.scriptEngine === 'function' ? await opts.scriptEngine() : opts.scriptEngine;
    } catch (e) {
      runError = `Script engine failed to start: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  const base = new VariableScopes({
    globals: overrides(opts.globals, opts.globalOverrides),
    environment: overrides(opts.environment?.variables, opts.envOverrides),
    collection: collection.variables,
  });
  const rows = opts.iterationData ?? [];
  const authCache = createAuthCache();
  const think = opts.think;
  const thinkMs = (): number =>
    think ? think.minMs + (think.maxMs > think.minMs ? Math.random() * (think.maxMs - think.minMs) : 0) : 0;
  let nextIteration = 0;
  let nextIndex = 0;
  let running = 0;
  let peakVus = 0;
  const startedAt = new Date().toISOString();
  const t0 = now();

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

  // Each VU cancels through its own controller (one request in flight each): thousands of VUs listening on one
  // signal would trip Node's listener-leak warning. The run's controller aborts them all.
  const vuControllers = new Set<AbortController>();
  controller.signal.addEventListener(
    'abort',
    () => {
      for (const c of vuControllers) {
        c.abort();
      }
    },
    { once: true },
  );
  // Think-time waits in progress: they end early when the run's time is up (stop) or the VU is cancelled.
  const sleeping = new Set<() => void>();
  stop.signal.addEventListener(
    'abort',
    () => {
      for (const wake of [...sleeping]) {
        wake();
      }
    },
    { once: true },
  );
  const sleep = (ms: number, vu: AbortSignal): Promise<void> => {
    if (ms <= 0 || stop.signal.aborted || vu.aborted) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        vu.removeEventListener('abort', done);
        sleeping.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      vu.addEventListener('abort', done, { once: true });
      sleeping.add(done);
    });
  };
  /** One VU: its own scopes, cookie jar and abort controller. */
  const newVu = () => {
    const scopes = base.fork();
    const cookieJar = new CookieJar();
    const vuController = new AbortController();
    vuControllers.add(vuController);
    const iterate = async (): Promise<void> => {
      const iteration = nextIteration++;
      const row = rows.length === 0 ? {} : (rows[iteration % rows.length] ?? {});
      scopes.data.replace(row);
      const started = now();
      let i = 0;
      let completed = true;
      while (i < steps.length) {
        if (stop.signal.aborted) {
          completed = false;
          break;
        }
        const step = steps[i];
        if (!step) {
          break;
        }
        const ctx: StepContext = {
          collection,
          scopes,
          transport: opts.transport,
          iteration,
          iterationCount: 0,
          iterationData: row,
          cookieJar,
          authCache,
          signal: vuController.signal,
          index: nextIndex++,
          keepResponseBodies: false,
        };
        if (engine) {
          ctx.engine = engine;
          const nextStep = steps[i + 1];
          if (nextStep) {
            ctx.nextStep = nextStep;
          }
        }
        if (opts.timeoutMs !== undefined) {
          ctx.timeoutMs = opts.timeoutMs;
        }
        if (opts.environment?.name) {
          ctx.environmentName = opts.environment.name;
        }
        const outcome = await executeStep(step, ctx);
        if (controller.signal.aborted) {
          // Cancelled by the graceful stop or an abort: not a measurement.
          completed = false;
          break;
        }
        record(outcome.execution);
        if (outcome.nextRequest === null) {
          break;
        }
        if (typeof outcome.nextRequest === 'string') {
          const target = outcome.nextRequest;
          const at = steps.findIndex((s) => s.item.name === target || s.item.id === target);
          if (at < 0) {
            noteError(`setNextRequest: no request named "${target}"`);
            break;
          }
          i = at;
        } else {
          i += 1;
        }
        await sleep(thinkMs(), vuController.signal);
      }
      if (completed) {
        metrics.iteration(now() - started);
      }
    };
    return { iterate, dispose: () => vuControllers.delete(vuController) };
  };

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
      const endAt = t0 + profile.durationMs;
      if (profile.mode === 'vus') {
        // Closed model: keep `targetVus(t)` VUs looping; surplus VUs retire after their current iteration.
        const slots: { alive: boolean; retired: boolean }[] = [];
        const loop = async (slot: { alive: boolean; retired: boolean }): Promise<void> => {
          const vu = newVu();
          vuStarted();
          try {
            while (!stop.signal.aborted && !slot.retired) {
              await vu.iterate();
            }
          } finally {
            vuEnded();
            vu.dispose();
            slot.alive = false;
          }
        };
        const adjust = (): void => {
          const t = now();
          if (t >= endAt) {
            stop.abort();
            return;
          }
          const target = targetVus(profile, t - t0);
          for (let id = 0; id < Math.max(target, slots.length); id++) {
            let slot = slots[id];
            if (!slot) {
              slot = { alive: false, retired: false };
              slots[id] = slot;
            }
            if (id >= target) {
              slot.retired = true;
            } else if (slot.alive) {
              // A retiring VU still finishing its iteration is asked to stay.
              slot.retired = false;
            } else {
              slot.alive = true;
              slot.retired = false;
              track(loop(slot));
            }
          }
        };
        adjust();
        scheduler = setInterval(adjust, 50);
      } else {
        // Open model: iterations start on schedule; a free VU takes each, new VUs up to maxVus, else dropped.
        const idle: ReturnType<typeof newVu>[] = [];
        let created = 0;
        const create = (): ReturnType<typeof newVu> => {
          created += 1;
          return newVu();
        };
        for (let n = 0; n < profile.preAllocatedVus; n++) {
          idle.push(create());
        }
        let started = 0;
        const intervalMs = 1000 / profile.ratePerSecond;
        const tickRate = (): void => {
          const t = now();
          if (t >= endAt) {
            stop.abort();
            return;
          }
          const due = Math.floor((t - t0) / intervalMs) + 1;
          while (started < due) {
            started += 1;
            const vu = idle.pop() ?? (created < profile.maxVus ? create() : undefined);
            if (!vu) {
              metrics.droppedIterations += 1;
              continue;
            }
            vuStarted();
            track(
              vu.iterate().finally(() => {
                vuEnded();
                idle.push(vu);
              }),
            );
          }
        };
        tickRate();
        scheduler = setInterval(tickRate, Math.max(1, Math.min(20, intervalMs / 2)));
      }
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
    errors,
  };
  if (runError !== undefined) {
    result.runError = runError;
  }
  return result;
}
