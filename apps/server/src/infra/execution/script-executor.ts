import { AppError, type RunEvent, type RunnerScriptEngine, type Transport } from '@apiplay/core';
import { enforceExecutionRate } from '../execution-rate';
import type { RateLimiter } from '../rate-limiter';
import { ScriptPool } from './script-pool';
import type { RunTaskResult, ScriptWorkerData } from './script-protocol';
import {
  type ExecuteTaskInput,
  type ExecuteTaskResult,
  type RunTaskHandle,
  type RunTaskInput,
  runExecuteTask,
  startRunTask,
  type TaskHost,
} from './script-tasks';
import { UserSlots } from './user-slots';

/** Who an execution runs for: their concurrency cap and rate limit apply. Null: nobody's (a deleted account). */
export interface ExecutionOwner {
  userId: string | null;
  /** A direct Send: over the cap it is refused (429); queued jobs and runs wait for a slot instead. */
  interactive: boolean;
}

/**
 * Where executions that have scripts run: in a pool of worker threads (`SCRIPT_WORKERS` > 0), or on this thread
 * (`SCRIPT_WORKERS=0`, the old path). Executions without scripts always run here: they never run user code.
 * Both paths run the same task functions (`script-tasks.ts`), so results, events and variables are the same.
 */
export interface ScriptExecutor {
  execute(input: ExecuteTaskInput, owner: ExecutionOwner): Promise<ExecuteTaskResult>;
  /**
   * Starts a run at once (subscribe synchronously to see `start`); scripts wait for the owner's slot first.
   * `signal` cancels it wherever it runs: the report then ends `aborted`.
   */
  run(input: RunTaskInput, owner: ExecutionOwner, signal?: AbortSignal): RunTaskHandle;
  /** The worker-thread pool's state (all zero with `workers: 0`), for metrics. */
  stats(): { workers: number; running: number; queued: number; replaced: number };
  close(): Promise<void>;
}

export interface ScriptExecutorOptions {
  /** Worker threads; 0 runs scripts on this thread. */
  workers: number;
  /** Executions with scripts one user may have running at once. */
  perUser: number;
  rateLimiter: RateLimiter;
  /** This thread's guarded transport and engine factory (executions without scripts, and `workers: 0`). */
  transport: Transport;
  createScriptEngine(): Promise<RunnerScriptEngine>;
  /** What a worker builds its own guarded transport from. */
  workerData: ScriptWorkerData;
  /** Heartbeat silence after which a worker is replaced (the per-script time limit plus a grace period). */
  stallMs: number;
  log?: (message: string) => void;
  /** Worker entry override (tests). */
  workerUrl?: URL;
}

export function createScriptExecutor(opts: ScriptExecutorOptions): ScriptExecutor {
  const slots = new UserSlots(opts.perUser);
  const pool =
    opts.workers > 0
      ? new ScriptPool({
          size: opts.workers,
          workerData: opts.workerData,
          stallMs: opts.stallMs,
          ...(opts.log ? { log: opts.log } : {}),
          ...(opts.workerUrl ? { workerUrl: opts.workerUrl } : {}),
        })
      : undefined;
  const hitFor = (userId: string | null) =>
    userId === null ? undefined : () => enforceExecutionRate(opts.rateLimiter, userId);
  const localHost = (userId: string | null): TaskHost => {
    const hitSendRequest = hitFor(userId);
    return {
      transport: opts.transport,
      createScriptEngine: opts.createScriptEngine,
      ...(hitSendRequest ? { hitSendRequest } : {}),
    };
  };

  /** Take the owner's slot (or refuse/wait), run `work`, give the slot back whatever happens. */
  async function withSlot<T>(owner: ExecutionOwner, work: () => Promise<T>): Promise<T> {
    if (owner.userId === null) {
      return work();
    }
    const userId = owner.userId;
    if (owner.interactive) {
      if (!slots.tryAcquire(userId)) {
        throw new AppError(
          'RATE_LIMITED',
          `At most ${opts.perUser} executions with scripts may run at once per user; try again shortly`,
          { retryAfterSeconds: 1 },
        );
      }
    } else {
      await slots.acquire(userId);
    }
    try {
      return await work();
    } finally {
      slots.release(userId);
    }
  }

  return {
    async execute(input, owner) {
      if (!input.withScripts) {
        return runExecuteTask(localHost(owner.userId), input);
      }
      return withSlot(owner, async () => {
        if (pool === undefined) {
          return runExecuteTask(localHost(owner.userId), input);
        }
        const onHit = hitFor(owner.userId);
        return (await pool.run({ kind: 'execute', input }, onHit ? { onHit } : {})) as ExecuteTaskResult;
      });
    },

    run(input, owner, signal) {
      if (!input.withScripts) {
        return startRunTask(localHost(owner.userId), input, signal);
      }
      if (pool === undefined) {
        return localRunWithSlot(input, owner, signal);
      }
      const listeners = new Set<(event: RunEvent) => void>();
      let live: unknown[] | undefined;
      const onHit = hitFor(owner.userId);
      const result = withSlot(
        owner,
        async () =>
          (await pool.run(
            { kind: 'run', input },
            {
              ...(onHit ? { onHit } : {}),
              ...(signal ? { signal } : {}),
              onEvent: (event, values) => {
                live = values;
                try {
                  for (const listener of listeners) {
                    listener(event);
                  }
                } finally {
                  live = undefined;
                }
              },
            },
          )) as RunTaskResult,
      );
      const variables = result.then((r) => r.variables);
      // A caller that stops at a failed report never awaits the variables.
      variables.catch(() => undefined);
      return {
        on(listener) {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        report: result.then((r) => r.report),
        variables,
        variable(_iteration, scope, key) {
          const at = input.watch.findIndex((w) => w.scope === scope && w.key === key);
          return at < 0 ? undefined : live?.[at];
        },
      };
    },

    stats() {
      return pool?.stats() ?? { workers: 0, running: 0, queued: 0, replaced: 0 };
    },

    async close() {
      await pool?.close();
    },
  };

  /** `workers: 0`: the run on this thread, holding the owner's slot until its report is in. */
  function localRunWithSlot(input: RunTaskInput, owner: ExecutionOwner, signal?: AbortSignal): RunTaskHandle {
    const listeners = new Set<(event: RunEvent) => void>();
    let inner: RunTaskHandle | undefined;
    const started = withSlot(owner, async () => {
      inner = startRunTask(localHost(owner.userId), input, signal);
      for (const listener of listeners) {
        inner.on(listener);
      }
      const [report, variables] = await Promise.all([inner.report, inner.variables]);
      return { report, variables };
    });
    const variables = started.then((r) => r.variables);
    variables.catch(() => undefined);
    return {
      on(listener) {
        listeners.add(listener);
        const off = inner?.on(listener);
        return () => {
          listeners.delete(listener);
          off?.();
        };
      },
      report: started.then((r) => r.report),
      variables,
      variable: (iteration, scope, key) => inner?.variable(iteration, scope, key),
    };
  }
}
