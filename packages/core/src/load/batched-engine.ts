import type { RunnerScriptEngine } from '../runner/types';
import type { ScriptResult, ScriptRunInput } from '../scripts/types';
import { nextTurn } from './next-turn';

interface Queued {
  input: ScriptRunInput;
  resolve: (result: ScriptResult | Promise<ScriptResult>) => void;
  reject: (error: unknown) => void;
}

/**
 * The script engine as a load run's VUs share it: the scripts asked for while the event loop reads responses run
 * together once it turns (nextTurn), back to back, and the requests they lead to are then sent together.
 * Run one at a time as responses come in, every script ran after undici and the socket code had pushed the
 * sandbox's code and heap out of the CPU caches. Order and results are the engine's own: each queued run is handed
 * to it in the order asked, and a script that awaits host work still queues the ones after it (engine.run).
 * Measured times are not affected: a response's timings are taken by the transport before its script runs.
 */
export function batchedEngine(engine: RunnerScriptEngine): RunnerScriptEngine {
  let queue: Queued[] = [];
  const flush = (): void => {
    const batch = queue;
    queue = [];
    for (const q of batch) {
      // One run that throws instead of rejecting must not leave the rest of the batch waiting forever.
      try {
        q.resolve(engine.run(q.input));
      } catch (e) {
        q.reject(e);
      }
    }
  };
  const batched: RunnerScriptEngine = {
    run(input) {
      return new Promise<ScriptResult>((resolve, reject) => {
        if (queue.length === 0) {
          nextTurn(flush);
        }
        queue.push({ input, resolve, reject });
      });
    },
    dispose: () => engine.dispose(),
  };
  const precompile = engine.precompile;
  if (precompile) {
    batched.precompile = (code) => precompile.call(engine, code);
  }
  return batched;
}
