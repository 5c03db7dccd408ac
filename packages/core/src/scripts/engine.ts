/**
 * The engine API (`createScriptEngine`, see index.ts for the contract): runs scripts one at a time on one warm
 * QuickJS context. Split by responsibility:
 * - wasm-runtime.ts: the wasm instance, runtime limits, the context with the prelude, compiled-script cache;
 *   wasm-strings.ts and wasm-call.ts: host strings into the wasm heap, and run() called without the library's wrappers;
 * - host-bridge.ts: the host functions the sandbox calls;
 * - protocol.ts: what crosses between host and sandbox (run()'s meta, values, the run's summary);
 * - variable-sync.ts: the host side of the sandbox's variable cache; run-state.ts: one run's bookkeeping;
 * - sandbox/: the code that runs inside QuickJS, assembled into prelude.gen.ts.
 */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';
import { buildHost, type HostBridgeTarget } from './host-bridge';
import { FinishReader, requestFromSandbox, runMeta } from './protocol';
import { classify, failureMessage, lineFromStack, RunState } from './run-state';
import type {
  ScriptEngine,
  ScriptEngineOptions,
  ScriptModuleSources,
  ScriptResult,
  ScriptRunInput,
  TScriptFailureKind,
} from './types';
import { VariableSync } from './variable-sync';
import {
  type CompiledScript,
  evalWrapped,
  type LoadedModule,
  loadModule,
  SandboxRuntime,
} from './wasm-runtime';

interface ResolvedOptions {
  timeoutMs: number;
  memoryBytes: number;
  maxStackBytes: number;
  maxConsoleChars: number;
  maxCachedScripts: number;
  modules: ScriptModuleSources;
  wasmModule: WebAssembly.Module | undefined;
}

function sleep(ms: number): { promise: Promise<void>; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

class QuickJsScriptEngine implements ScriptEngine, HostBridgeTarget {
  private readonly rt: SandboxRuntime;
  /** The run in progress (read by the host functions). */
  current: RunState | undefined;
  readonly variables = new VariableSync();
  private readonly finishes = new FinishReader();
  private queue: Promise<unknown> = Promise.resolve();
  /**
   * The response the sandbox was last sent (its token is rt.lastResponseToken). Held, not looked up in a WeakMap:
   * in a load run every script has a new response, and a WeakMap entry per response cost ≈0.6 µs with its GC work.
   */
  private lastResponse: object | undefined;
  private nextToken = 1;
  private isDisposed = false;
  /** A script is between start and finish (it may be awaiting a host operation): the context is not free. */
  private running = false;
  /** Runs queued behind the one in progress, not started yet. */
  private waiting = 0;

  constructor(
    quickjs: LoadedModule | undefined,
    private readonly options: ResolvedOptions,
  ) {
    this.rt = new SandboxRuntime(quickjs, options);
  }

  get disposed(): boolean {
    return this.isDisposed;
  }

  get modules(): ScriptModuleSources {
    return this.options.modules;
  }

  get memoryBytes(): number {
    return this.options.memoryBytes;
  }

  run(input: ScriptRunInput): Promise<ScriptResult> {
    // One QuickJS context cannot interleave two scripts: queue them. A free engine starts at once (no promise hop
    // per run: a load test runs one script per request); a script still awaiting host work then heads the queue.
    if (!this.running && this.waiting === 0) {
      const now = this.runNow(input);
      if (this.running) {
        this.queue = now.catch(() => undefined);
      }
      return now;
    }
    this.waiting += 1;
    const next = this.queue.then(() => {
      this.waiting -= 1;
      return this.runNow(input);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.isDisposed = true;
    this.lastResponse = undefined;
    this.rt.dispose();
  }

  /**
   * Compile `code` into the cache ahead of its run, while the engine is idle (the runner calls this while the
   * request is on the wire, so the compile overlaps the network wait). Nothing is reported here: a script that
   * does not compile stays out of the cache and fails with its line when it runs.
   */
  precompile(code: string): void {
    if (this.running) {
      return;
    }
    this.rt.precompile(code, this.options.timeoutMs);
  }

  pushConsole(state: RunState, levelText: string, text: string): boolean {
    if (this.rt.abortReason !== undefined) {
      return false;
    }
    const stopped = state.log(levelText, text, this.options.maxConsoleChars);
    if (stopped !== undefined) {
      // An uncatchable interrupt: the script cannot swallow this with try/catch and keep printing.
      this.rt.abortReason = stopped;
      return false;
    }
    return true;
  }

  // ---- one run ----------------------------------------------------------------------------------

  private compile(vm: QuickJSContext, code: string, state: RunState): CompiledScript | undefined {
    const cached = this.rt.compiled.get(code);
    if (cached) {
      return cached;
    }
    const result = evalWrapped(vm, code);
    if (result.error) {
      this.handleError(vm, state, result.error, 'syntax');
      result.error.dispose();
      return undefined;
    }
    if (vm.typeof(result.value) !== 'function') {
      result.value.dispose();
      state.fail('syntax', 'SyntaxError: the script is not a valid function body');
      return undefined;
    }
    return this.rt.cache(code, result.value);
  }

  /** An exception that escaped the sandbox's own handlers: interrupt, out of memory, or a compile error. */
  private handleError(
    vm: QuickJSContext,
    state: RunState,
    error: QuickJSHandle,
    fallback: TScriptFailureKind,
  ): void {
    let message = 'Unknown script error';
    let line: number | undefined;
    try {
      const dumped: unknown = vm.dump(error);
      if (typeof dumped === 'object' && dumped !== null) {
        const d = dumped as { name?: unknown; message?: unknown; stack?: unknown; lineNumber?: unknown };
        message = `${typeof d.name === 'string' ? d.name : 'Error'}: ${String(d.message)}`;
        line = typeof d.lineNumber === 'number' ? d.lineNumber : lineFromStack(String(d.stack ?? ''));
      } else {
        message = String(dumped);
      }
    } catch {
      state.broken = true;
    }
    if (message.includes('interrupted')) {
      state.broken = true;
      if (this.rt.abortReason === undefined) {
        state.fail('timeout', `Script exceeded the time limit of ${this.timeoutOf(state)} ms`, line);
      }
      return;
    }
    const kind = classify(message);
    if (kind === 'memory') {
      state.broken = true;
    }
    state.fail(
      kind === 'error' ? fallback : kind,
      failureMessage(kind, message, this.options.memoryBytes),
      line,
    );
  }

  private timeoutOf(state: RunState): number {
    return state.input.timeoutMs ?? this.options.timeoutMs;
  }

  /**
   * run()'s meta (protocol.ts), and the response body when the sandbox does not hold this response yet (its token
   * changed): the body is sent only then.
   */
  private meta(input: ScriptRunInput): { meta: string; body: string | undefined } {
    const { ctx } = input;
    let token = 0;
    let response: ScriptRunInput['ctx']['response'];
    const res = ctx.response;
    if (res) {
      // A context built since (rt.lastResponseToken 0) holds no response: send it again.
      if (res !== this.lastResponse || this.rt.lastResponseToken === 0) {
        this.lastResponse = res;
        this.rt.lastResponseToken = this.nextToken++;
        response = res;
      }
      token = this.rt.lastResponseToken;
    }
    const meta = runMeta({
      phase: input.phase,
      responseToken: token,
      response,
      variablesTag: this.variables.tag(ctx.variables),
      environmentName: ctx.environmentName,
      cookies: ctx.cookies,
    });
    return { meta, body: response?.body };
  }

  /** Run promise jobs and wait for host operations (sendRequest, timers) until the script has nothing left. */
  private async pump(vm: QuickJSContext, state: RunState): Promise<void> {
    const runtime = this.rt.runtime;
    if (!runtime) {
      return;
    }
    for (;;) {
      const jobs = runtime.executePendingJobs(-1);
      if (jobs.error) {
        this.handleError(vm, state, jobs.error, 'error');
        jobs.error.dispose();
        return;
      }
      if (state.broken || this.rt.interrupted || state.hostOps.size === 0) {
        break;
      }
      const remaining = this.rt.deadline - Date.now();
      if (remaining <= 0) {
        state.fail('timeout', `Script exceeded the time limit of ${this.timeoutOf(state)} ms`);
        return;
      }
      if (!Number.isFinite(remaining)) {
        await Promise.race(state.hostOps);
        continue;
      }
      const timer = sleep(remaining);
      await Promise.race([...state.hostOps, timer.promise]);
      timer.cancel();
    }
  }

  /** An interrupt may have been swallowed by a promise job; it still ends the script and taints the context. */
  private noteInterrupt(state: RunState): void {
    if (!this.rt.interrupted) {
      return;
    }
    state.broken = true;
    if (this.rt.abortReason === undefined) {
      state.fail('timeout', `Script exceeded the time limit of ${this.timeoutOf(state)} ms`);
    }
  }

  private finish(vm: QuickJSContext, state: RunState, restoreAll: boolean): string {
    const finishFn = this.rt.finishFn;
    if (!finishFn) {
      return '';
    }
    // finish() runs after interrupts too (to keep assertions and request changes), so give it a fresh budget.
    this.rt.abortReason = undefined;
    this.rt.deadline = Date.now() + 1000;
    const result = vm.callFunction(finishFn, vm.undefined, restoreAll ? vm.true : vm.false);
    if (result.error) {
      result.error.dispose();
      state.broken = true;
      return '';
    }
    const out = vm.typeof(result.value) === 'string' ? vm.getString(result.value) : '';
    result.value.dispose();
    return out;
  }

  private async runNow(input: ScriptRunInput): Promise<ScriptResult> {
    const state = new RunState(input);
    if (this.isDisposed) {
      state.fail('error', 'The script engine was disposed');
      return await this.result(state, '');
    }
    const rt = this.rt;
    let finishJson = '';
    rt.abortReason = undefined;
    rt.interrupted = false;
    this.running = true;
    try {
      if (!rt.quickjs) {
        await rt.load();
      }
      const vm = rt.context((context) => buildHost(context, this));
      this.current = state;
      // 0 (or less) means no time limit, as in newman's --timeout-script; hosts serving untrusted users set one.
      const timeout = this.timeoutOf(state);
      rt.deadline = timeout > 0 ? Date.now() + timeout : Number.POSITIVE_INFINITY;
      const bodyChars = input.ctx.response?.body.length ?? 0;
      if (bodyChars > this.options.memoryBytes / 2) {
        // Copying it into the sandbox would exhaust the capped wasm memory: say so instead of failing inside.
        state.fail(
          'memory',
          `The response body (${Math.round(bodyChars / 1024 / 1024)} MB) is too large for the script memory limit of ${Math.round(this.options.memoryBytes / 1024 / 1024)} MB`,
        );
      }
      const compiled = state.failure ? undefined : this.compile(vm, input.code, state);
      if (compiled && rt.runCall) {
        const { meta, body } = this.meta(input);
        const metaH = vm.newString(meta);
        const bodyH = body === undefined ? undefined : vm.newString(body);
        const call = rt.runCall.call(compiled.fn, metaH, compiled.touchesBuiltins, bodyH);
        metaH.dispose();
        bodyH?.dispose();
        let early = '';
        if (call.error) {
          this.handleError(vm, state, call.error, 'error');
          call.error.dispose();
        } else {
          early = call.text;
        }
        // A synchronous script with no promise job or host operation left is summed up by run() itself.
        if (early.startsWith('F') && state.hostOps.size === 0 && !rt.runtime?.hasPendingJob()) {
          this.noteInterrupt(state);
          finishJson = early.slice(1);
        } else {
          if (!call.error) {
            await this.pump(vm, state);
          }
          this.noteInterrupt(state);
          finishJson = this.finish(vm, state, compiled.touchesBuiltins);
        }
      }
    } catch (err) {
      // A host-side failure (the host stack ran out inside the module, or the wasm trapped: at the capped memory,
      // an allocation failure QuickJS does not check): report, then rebuild everything.
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof WebAssembly.RuntimeError && rt.heapExhausted()) {
        state.fail('memory', failureMessage('memory', message, this.options.memoryBytes));
      } else {
        state.fail('error', `Script engine error: ${message}`);
      }
      state.broken = true;
      rt.drop();
    } finally {
      this.running = false;
      this.current = undefined;
      rt.deadline = Number.POSITIVE_INFINITY;
      rt.abortReason = undefined;
      state.closed = true;
      for (const t of state.timers.values()) {
        clearTimeout(t.timer);
      }
      for (const d of state.deferreds) {
        if (d.alive) {
          d.dispose();
        }
      }
      if (state.broken && rt.heapExhausted()) {
        // The script drove the wasm heap to its cap. QuickJS frees the context, but its allocator is left
        // fragmented at the cap and a later allocation failure can trap inside the module: start a fresh one.
        rt.drop();
      } else if (state.broken && rt.vm) {
        rt.resetContext();
      }
    }
    return this.result(state, finishJson);
  }

  /** The run's result: synchronous unless a pre-request script changed the request (its body is checked then). */
  private result(state: RunState, finishJson: string): ScriptResult | Promise<ScriptResult> {
    const finished = this.finishes.read(finishJson);
    this.variables.apply(state.input.ctx.variables, finished.writes);
    if (finished.unsettled && !state.broken) {
      state.fail('error', 'The script awaited a promise that never settled');
    }
    const original = state.input.ctx.request;
    const out: ScriptResult = { assertions: finished.assertions, console: state.console, request: original };
    if (state.nextRequest !== undefined) {
      out.nextRequest = state.nextRequest;
    }
    if (state.skipRequest) {
      out.skipRequest = true;
    }
    if (state.visualizer !== undefined) {
      out.visualizer = state.visualizer;
    }
    if (state.failure) {
      out.failure = state.failure;
    }
    if (finished.request !== null && state.input.phase === 'preRequest') {
      return requestFromSandbox(finished.request, original).then((request) => {
        out.request = request;
        return out;
      });
    }
    return out;
  }
}

/**
 * Create one warm QuickJS runtime + context for a run. See `index.ts` for the API contract.
 * `modules` carries the library sources `require()` (and `pm.expect`, which needs chai) may load.
 */
export async function createScriptEngine(options: ScriptEngineOptions = {}): Promise<ScriptEngine> {
  const memoryBytes = options.memoryBytes ?? 64 * 1024 * 1024;
  const quickjs = await loadModule(memoryBytes, options.wasmModule);
  return new QuickJsScriptEngine(quickjs, {
    timeoutMs: options.timeoutMs ?? 5000,
    memoryBytes,
    maxStackBytes: options.maxStackBytes ?? 192 * 1024,
    maxConsoleChars: options.maxConsoleChars ?? 1_000_000,
    maxCachedScripts: options.maxCachedScripts ?? 2000,
    modules: options.modules ?? {},
    wasmModule: options.wasmModule,
  });
}
