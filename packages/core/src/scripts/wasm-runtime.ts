/**
 * The QuickJS side of the engine: one wasm instance with a capped memory, its runtime (limits, interrupt handler)
 * and one warm context holding the prelude (`sandbox/`, as `prelude.gen.ts`), plus the cache of compiled user
 * scripts. The engine (engine.ts) drives runs on it; the host functions come from host-bridge.ts.
 */
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSWASMModule,
  RELEASE_SYNC,
} from 'quickjs-emscripten';
import { SANDBOX_PRELUDE } from './prelude.gen';
import { createRunCall, type RunCall } from './wasm-call';
import { installFastStrings } from './wasm-strings';

const USER_FILE = 'user-script';
/**
 * Scripts whose text may reach for builtins get the full builtin check after they run; the rest only the cheap
 * critical one. Not a security boundary (the sandbox is): it only keeps one script from breaking the next ones.
 */
const TOUCHES_BUILTINS =
  /prototype|__proto__|constructor|\beval\b|\bFunction\b|\bReflect\b|defineProperty|globalThis|\bthis\b|\b(?:Object|Array|String|Number|Boolean|JSON|Promise|Math|RegExp|Error|Date|Symbol|Map|Set|parseInt|parseFloat|isNaN|encodeURIComponent|decodeURIComponent|escape|unescape)\b\s*(?:\.\s*[\w$]+\s*)?=(?!=)/;

const WASM_PAGE = 64 * 1024;
// The module's own needs beside the QuickJS heap: data segments, the C stack, allocator slack.
const WASM_OVERHEAD_BYTES = 16 * 1024 * 1024;
const WASM_INITIAL_BYTES = 16 * 1024 * 1024;

/** A QuickJS wasm instance and its capped linear memory (watched to tell a trap at the cap from other faults). */
export interface LoadedModule {
  module: QuickJSWASMModule;
  memory: WebAssembly.Memory;
}

/**
 * Each engine gets its own QuickJS wasm instance with a CAPPED linear memory. QuickJS's own memory limit does not
 * count large strings/arrays (quickjs-emscripten issue #271), so without this cap one script could grow the
 * shared wasm heap to 2 GB; with it, malloc fails at the cap and QuickJS raises a catchable out-of-memory.
 */
export async function loadModule(
  memoryBytes: number,
  wasmModule: WebAssembly.Module | undefined,
): Promise<LoadedModule> {
  const maximum = Math.ceil((memoryBytes + WASM_OVERHEAD_BYTES) / WASM_PAGE);
  const memory = new WebAssembly.Memory({ initial: WASM_INITIAL_BYTES / WASM_PAGE, maximum });
  const module = await newQuickJSWASMModuleFromVariant(
    newVariant(RELEASE_SYNC, wasmModule ? { wasmMemory: memory, wasmModule } : { wasmMemory: memory }),
  );
  return { module, memory };
}

/**
 * Evaluates the user's code as a function expression. No newline before the code, so error lines equal the
 * user's lines. QuickJS compiles a plain function ~2× faster than an async one, so top-level await only gets the
 * async wrapper when it is used.
 */
export function evalWrapped(vm: QuickJSContext, code: string): ReturnType<QuickJSContext['evalCode']> {
  const wrapper = /\bawait\b/.test(code) ? 'async function' : 'function';
  return vm.evalCode(`(${wrapper} () {${code}\n})`, USER_FILE);
}

export interface CompiledScript {
  fn: QuickJSHandle;
  touchesBuiltins: boolean;
}

export interface RuntimeLimits {
  memoryBytes: number;
  maxStackBytes: number;
  maxCachedScripts: number;
  wasmModule: WebAssembly.Module | undefined;
}

export class SandboxRuntime {
  runtime: QuickJSRuntime | undefined;
  vm: QuickJSContext | undefined;
  runFn: QuickJSHandle | undefined;
  /** Calls runFn (wasm-call.ts). */
  runCall: RunCall | undefined;
  finishFn: QuickJSHandle | undefined;
  readonly compiled = new Map<string, CompiledScript>();
  /** The running script's deadline (ms since epoch), read by the interrupt handler. */
  deadline = Number.POSITIVE_INFINITY;
  /** Set to stop the script at the next interrupt poll, whatever its deadline (console flood). */
  abortReason: string | undefined;
  /** The interrupt handler stopped something: remembered because QuickJS turns an interrupt inside a promise job
   * into a silent rejection. */
  interrupted = false;
  /** The response the context's prelude holds (run()'s meta sends a response only when this changes). */
  lastResponseToken = 0;

  constructor(
    public quickjs: LoadedModule | undefined,
    private readonly limits: RuntimeLimits,
  ) {}

  /** Load a fresh wasm instance if the last one was dropped. */
  async load(): Promise<void> {
    this.quickjs ??= await loadModule(this.limits.memoryBytes, this.limits.wasmModule);
  }

  /** The warm context, built with the prelude on first use (`buildHost` makes the host object it is given). */
  context(buildHost: (vm: QuickJSContext) => QuickJSHandle): QuickJSContext {
    if (this.vm) {
      return this.vm;
    }
    if (!this.quickjs) {
      throw new Error('QuickJS module not loaded');
    }
    if (!this.runtime) {
      const rt = this.quickjs.module.newRuntime();
      rt.setMemoryLimit(this.limits.memoryBytes);
      rt.setMaxStackSize(this.limits.maxStackBytes);
      rt.setInterruptHandler(() => {
        if (this.abortReason !== undefined || Date.now() > this.deadline) {
          this.interrupted = true;
          return true;
        }
        return false;
      });
      this.runtime = rt;
    }
    const vm = this.runtime.newContext();
    this.vm = vm;
    installFastStrings(vm);
    const host = buildHost(vm);
    const previousDeadline = this.deadline;
    this.deadline = Date.now() + 10_000;
    try {
      const factory = vm.unwrapResult(vm.evalCode(SANDBOX_PRELUDE, 'apiplay-prelude.js'));
      const api = vm.unwrapResult(vm.callFunction(factory, vm.undefined, host));
      factory.dispose();
      host.dispose();
      this.runFn = vm.getProp(api, 'run');
      this.runCall = createRunCall(vm, this.runFn);
      this.finishFn = vm.getProp(api, 'finish');
      api.dispose();
    } finally {
      this.deadline = previousDeadline;
    }
    return vm;
  }

  disposeContext(): void {
    for (const entry of this.compiled.values()) {
      entry.fn.dispose();
    }
    this.compiled.clear();
    this.runCall?.free();
    this.runCall = undefined;
    this.runFn?.dispose();
    this.finishFn?.dispose();
    this.runFn = undefined;
    this.finishFn = undefined;
    this.vm?.dispose();
    this.vm = undefined;
    this.lastResponseToken = 0;
  }

  /** After an interrupt or out-of-memory the heap may hold half-built state: start from a clean context. */
  resetContext(): void {
    try {
      this.disposeContext();
    } catch {
      // A context that cannot be freed cleanly takes its runtime with it.
      this.vm = undefined;
      this.runtime = undefined;
    }
  }

  /**
   * The wasm module itself failed (e.g. the host stack overflowed inside it): its heap may be inconsistent, so
   * nothing in it is freed or reused — the whole module is dropped and the next run loads a fresh one.
   */
  drop(): void {
    this.vm = undefined;
    this.runtime = undefined;
    this.runFn = undefined;
    this.runCall = undefined;
    this.finishFn = undefined;
    this.compiled.clear();
    this.quickjs = undefined;
    this.lastResponseToken = 0;
  }

  /** The module's linear memory has grown past the QuickJS limit, i.e. close to its cap (it never shrinks). */
  heapExhausted(): boolean {
    return (this.quickjs?.memory.buffer.byteLength ?? 0) > this.limits.memoryBytes;
  }

  dispose(): void {
    try {
      this.disposeContext();
      this.runtime?.dispose();
    } catch {
      // A runtime left with live objects by a failed script may refuse to free cleanly; the engine's own wasm
      // instance (and its memory) is dropped with it either way.
    }
    this.runtime = undefined;
    this.quickjs = undefined;
  }

  /** Keep a compiled script (oldest out first beyond maxCachedScripts). */
  cache(code: string, fn: QuickJSHandle): CompiledScript {
    if (this.compiled.size >= this.limits.maxCachedScripts) {
      const oldest = this.compiled.keys().next();
      if (!oldest.done) {
        this.compiled.get(oldest.value)?.fn.dispose();
        this.compiled.delete(oldest.value);
      }
    }
    const entry = { fn, touchesBuiltins: TOUCHES_BUILTINS.test(code) };
    this.compiled.set(code, entry);
    return entry;
  }

  /** Compile `code` into the cache with the time limit `timeoutMs` (see ScriptEngine.precompile); reports nothing. */
  precompile(code: string, timeoutMs: number): void {
    const vm = this.vm;
    if (!vm || this.compiled.has(code)) {
      return;
    }
    this.deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Number.POSITIVE_INFINITY;
    try {
      const result = evalWrapped(vm, code);
      if (result.error) {
        result.error.dispose();
      } else if (vm.typeof(result.value) === 'function') {
        this.cache(code, result.value);
      } else {
        result.value.dispose();
      }
    } catch {
      // The wasm module itself failed: the script's own run hits the same and reports it.
    } finally {
      this.deadline = Number.POSITIVE_INFINITY;
      this.interrupted = false;
    }
  }
}
