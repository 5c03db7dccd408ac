import { CookieJar } from 'tough-cookie';
import type { AuthCache } from '../auth/auth-cache';
import { executeStep, type StepContext } from '../runner/execute-step';
import type { RunStep } from '../runner/flatten';
import { setRunStepOptions } from '../runner/step-setup';
import type { RunnerScriptEngine } from '../runner/types';
import type { VariableScopes } from '../variables/variable-scopes';
import type { ExecutionRecorder } from './execution-recorder';
import type { LoadMetrics } from './metrics';
import type { RunLoadOptions } from './run-load-types';

/** One virtual user: runs whole iterations of the collection, one request in flight at a time. */
export interface VirtualUser {
  iterate(): Promise<void>;
  /** Forget the VU's controller and close its connections once it will run no more. */
  dispose(): void;
}

export interface VirtualUserDeps {
  opts: RunLoadOptions;
  steps: RunStep[];
  engine: RunnerScriptEngine | undefined;
  /** Scopes at the start of the run; each VU forks its own copy. */
  base: VariableScopes;
  authCache: AuthCache;
  metrics: LoadMetrics;
  recorder: ExecutionRecorder;
  /** Aborted when the run's time is up: no new request starts, think-time waits end. */
  stop: AbortSignal;
  /** The run's cancel: aborts every VU's request in flight (after the graceful stop, or on abort). */
  controller: AbortSignal;
  now: () => number;
}

/** A random pause between `minMs` and `maxMs`, so VUs do not march in lock-step. */
function thinkMs(think: RunLoadOptions['think']): number {
  return think
    ? think.minMs + (think.maxMs > think.minMs ? Math.random() * (think.maxMs - think.minMs) : 0)
    : 0;
}

/** Makes the virtual users of one run; `disposeAll` ends the ones still held (the open model keeps idle VUs). */
export interface VirtualUserFactory {
  newVu(): VirtualUser;
  disposeAll(): void;
}

/**
 * Returns a factory of virtual users sharing one run. Iteration numbers and request indexes are counted across
 * all VUs (data rows go round-robin by iteration), so the factory owns those counters.
 */
export function virtualUserFactory(deps: VirtualUserDeps): VirtualUserFactory {
  const { opts, steps, engine, base, authCache, metrics, recorder, stop, controller, now } = deps;
  const { collection } = opts;
  const rows = opts.iterationData ?? [];
  const stride = Math.max(1, opts.part?.count ?? 1);
  let nextIteration = opts.part?.index ?? 0;
  let nextIndex = 0;

  // Each VU cancels through its own controller (one request in flight each): thousands of VUs listening on one
  // signal would trip Node's listener-leak warning. The run's controller aborts them all.
  const vuControllers = new Set<AbortController>();
  controller.addEventListener(
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
  stop.addEventListener(
    'abort',
    () => {
      for (const wake of [...sleeping]) {
        wake();
      }
    },
    { once: true },
  );
  const sleep = (ms: number, vu: AbortSignal): Promise<void> => {
    if (ms <= 0 || stop.aborted || vu.aborted) {
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

  const dispose = (vuController: AbortController): void => {
    vuControllers.delete(vuController);
    opts.transport.release?.(vuController);
  };

  /** One VU: its own scopes, cookie jar, abort controller and connections (owned by the controller). */
  const newVu = (): VirtualUser => {
    const scopes = base.fork();
    const cookieJar = new CookieJar();
    const vuController = new AbortController();
    vuControllers.add(vuController);
    const iterate = async (): Promise<void> => {
      const iteration = nextIteration;
      nextIteration += stride;
      const row = rows.length === 0 ? {} : (rows[iteration % rows.length] ?? {});
      scopes.data.replace(row);
      const started = now();
      let i = 0;
      let completed = true;
      while (i < steps.length) {
        if (stop.aborted) {
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
          connectionOwner: vuController,
          index: nextIndex++,
          keepResponseBodies: false,
        };
        setRunStepOptions(ctx, engine, steps[i + 1], opts);
        const outcome = await executeStep(step, ctx);
        if (controller.aborted) {
          // Cancelled by the graceful stop or an abort: not a measurement.
          completed = false;
          break;
        }
        recorder.record(outcome.execution);
        if (outcome.nextRequest === null) {
          break;
        }
        if (typeof outcome.nextRequest === 'string') {
          const target = outcome.nextRequest;
          const at = steps.findIndex((s) => s.item.name === target || s.item.id === target);
          if (at < 0) {
            recorder.noteError(`setNextRequest: no request named "${target}"`);
            break;
          }
          i = at;
        } else {
          i += 1;
        }
        await sleep(thinkMs(opts.think), vuController.signal);
      }
      if (completed) {
        metrics.iteration(now() - started);
      }
    };
    return { iterate, dispose: () => dispose(vuController) };
  };
  return {
    newVu,
    disposeAll: () => {
      for (const c of [...vuControllers]) {
        dispose(c);
      }
    },
  };
}
