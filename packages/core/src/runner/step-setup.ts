import type { TEnvironment } from '../schema';
import type { StepContext } from './execute-step';
import type { RunStep } from './flatten';
import type { RunnerScriptEngine } from './types';

/**
 * Starts the run's script engine (given, or made by its factory). A failure does not throw: it becomes the run's
 * error, and the run goes on without scripts. Shared by `runCollection` and `runLoad`.
 */
export async function startScriptEngine(
  scriptEngine: RunnerScriptEngine | (() => Promise<RunnerScriptEngine>) | undefined,
): Promise<{ engine: RunnerScriptEngine | undefined; runError: string | undefined }> {
  if (!scriptEngine) {
    return { engine: undefined, runError: undefined };
  }
  try {
    return {
      engine: typeof scriptEngine === 'function' ? await scriptEngine() : scriptEngine,
      runError: undefined,
    };
  } catch (e) {
    return {
      engine: undefined,
      runError: `Script engine failed to start: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

/** The optional parts of a step's context that `runCollection` and `runLoad` set alike. */
export function setRunStepOptions(
  ctx: StepContext,
  engine: RunnerScriptEngine | undefined,
  nextStep: RunStep | undefined,
  opts: { timeoutMs?: number; environment?: Pick<TEnvironment, 'name'> },
): void {
  if (engine) {
    ctx.engine = engine;
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
}
