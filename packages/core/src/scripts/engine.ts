import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSContext,
  type QuickJSDeferredPromise,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSWASMModule,
  RELEASE_SYNC,
} from 'quickjs-emscripten';
import { generateDynamic, resolveTemplate, stringifyValue, type VariableScopes } from '../variables';
import { fastChai } from './fast-chai';
import { SANDBOX_PRELUDE } from './prelude.gen';
import type {
  ScriptEngine,
  ScriptEngineOptions,
  ScriptModuleSources,
  ScriptResult,
  ScriptRunInput,
  TAssertion,
  TConsoleEntry,
  TScriptFailureKind,
  TScriptKeyValue,
  TScriptRequest,
  TScriptRunFailure,
} from './types';

const USER_FILE = 'user-script';
const CONSOLE_LEVELS = new Set<TConsoleEntry['level']>(['log', 'info', 'warn', 'error', 'debug']);
const LAYERS = new Set(['environment', 'globals', 'collection', 'local', 'data', 'all']);
const TEMPLATE = /\{\{([^{}]+)\}\}/g;
/**
 * Scripts whose text may reach for builtins get the full builtin check after they run; the rest only the cheap
 * critical one. Not a security boundary (the sandbox is): it only keeps one script from breaking the next ones.
 */
const TOUCHES_BUILTINS =
  /prototype|__proto__|constructor|\beval\b|\bFunction\b|\bReflect\b|defineProperty|globalThis|\bthis\b|\b(?:Object|Array|String|Number|Boolean|JSON|Promise|Math|RegExp|Error|Date|Symbol|Map|Set|parseInt|parseFloat|isNaN|encodeURIComponent|decodeURIComponent|escape|unescape)\b\s*(?:\.\s*[\w$]+\s*)?=(?!=)/;

interface ResolvedOptions {
  timeoutMs: number;
  memoryBytes: number;
  maxStackBytes: number;
  maxConsoleChars: number;
  maxCachedScripts: number;
  modules: ScriptModuleSources;
  wasmModule: WebAssembly.Module | undefined;
}

/** Host-side bookkeeping of one script run. */
class RunState {
  readonly console: TConsoleEntry[] = [];
  consoleChars = 0;
  failure: TScriptRunFailure | undefined;
  nextRequest: string | null | undefined;
  skipRequest = false;
  /** The context must be rebuilt after this run (interrupted, out of memory). */
  broken = false;
  closed = false;
  readonly hostOps = new Set<Promise<void>>();
  readonly deferreds = new Set<QuickJSDeferredPromise>();
  readonly timers = new Map<number, { timer: ReturnType<typeof setTimeout>; settle: () => void }>();

  constructor(readonly input: ScriptRunInput) {}

  fail(kind: TScriptFailureKind, message: string, line?: number): void {
    if (this.failure) {
      return;
    }
    this.failure = line === undefined ? { kind, message } : { kind, message, line };
  }
}

function lineFromStack(stack: string): number | undefined {
  const m = /user-script:(\d+)/.exec(stack);
  return m?.[1] ? Number(m[1]) : undefined;
}

function classify(message: string): TScriptFailureKind {
  if (message.includes('out of memory')) {
    return 'memory';
  }
  if (message.includes('stack overflow')) {
    return 'stack';
  }
  return 'error';
}

function encodeValue(value: unknown): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value === 'string') {
    return `s${value}`;
  }
  try {
    const json = JSON.stringify(value);
    return json === undefined ? `s${String(value)}` : `j${json}`;
  } catch {
    return `s${String(value)}`;
  }
}

function decodeValue(text: string): unknown {
  if (text.startsWith('j')) {
    try {
      return JSON.parse(text.slice(1));
    } catch {
      return text.slice(1);
    }
  }
  if (text.startsWith('s')) {
    return text.slice(1);
  }
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '{}';
  } catch {
    return '{}';
  }
}

function isKeyValueList(value: unknown): value is TScriptKeyValue[] {
  return (
    Array.isArray(value) &&
    value.every(
      (h: unknown) =>
        typeof h === 'object' &&
        h !== null &&
        typeof (h as { key?: unknown }).key === 'string' &&
        typeof (h as { value?: unknown }).value === 'string',
    )
  );
}

/**
 * Turn what the sandbox serialized back into a request, keeping the original's parts when a part is invalid.
 * Only scripts that touch pm.request get here, so the zod schemas (a large chunk to load) are imported on demand.
 */
async function requestFromSandbox(parsed: unknown, original: TScriptRequest): Promise<TScriptRequest> {
  if (typeof parsed !== 'object' || parsed === null) {
    return original;
  }
  const p = parsed as Record<string, unknown>;
  const out: TScriptRequest = {
    method: typeof p.method === 'string' && p.method ? p.method : original.method,
    url: typeof p.url === 'string' ? p.url : original.url,
    headers: isKeyValueList(p.headers) ? p.headers : original.headers,
  };
  if (original.id !== undefined) {
    out.id = original.id;
  }
  if (original.name !== undefined) {
    out.name = original.name;
  }
  if (p.body !== undefined) {
    const { ZBody } = await import('../schema');
    const body = ZBody.safeParse(p.body);
    if (body.success) {
      out.body = body.data;
    } else if (original.body) {
      out.body = original.body;
    }
  } else if (original.body) {
    out.body = original.body;
  }
  return out;
}

interface Finished {
  assertions: TAssertion[];
  request: unknown;
  /** Variable writes the sandbox had not handed over yet: `[[layer, name, encoded | null], …]`. */
  writes: unknown;
  /** The script's promise had not settled when the host ran out of work for it. */
  unsettled: boolean;
}

/**
 * The sandbox summary: `{ a: [[name, passed, error, flag], …], q: request | null, s: 1 settled | 0 awaiting,
 * v: variable writes }`; empty or unreadable text (the sandbox could not sum up) is a run with nothing to report.
 */
function parseFinish(json: string): Finished {
  const parsed = json ? parseJson(json) : undefined;
  if (typeof parsed !== 'object' || parsed === null) {
    return { assertions: [], request: null, unsettled: false, writes: [] };
  }
  const { a, q, s, v } = parsed as { a?: unknown; q?: unknown; s?: unknown; v?: unknown };
  const assertions: TAssertion[] = [];
  for (const entry of Array.isArray(a) ? a : []) {
    if (!Array.isArray(entry)) {
      continue;
    }
    const [name, passed, error, flag] = entry as unknown[];
    const skipped = flag === 1;
    const done = flag !== 2;
    const assertion: TAssertion = { name: String(name), passed: done && passed === 1, skipped };
    if (!assertion.passed && !skipped) {
      assertion.error = done
        ? String(error ?? '') || 'Assertion failed'
        : 'The asynchronous test did not complete';
    }
    assertions.push(assertion);
  }
  return { assertions, request: q ?? null, unsettled: s === 0, writes: v };
}

function replaceInLayer(text: string, scopes: VariableScopes, layer: string): string {
  if (layer === 'all') {
    return resolveTemplate(text, scopes).value;
  }
  const target = scopes.layer(layer === 'collection' ? 'collection' : (layer as 'environment'));
  return text.replace(TEMPLATE, (match: string, name: string) => {
    if (target.has(name)) {
      return stringifyValue(target.get(name));
    }
    if (name.startsWith('$')) {
      return generateDynamic(name) ?? match;
    }
    return match;
  });
}

/** Separates the parts of run()'s meta string (see the prelude): JSON text never holds it raw. */
const PART = '\u0001';

function sleep(ms: number): { promise: Promise<void>; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

class QuickJsScriptEngine implements ScriptEngine {
  private runtime: QuickJSRuntime | undefined;
  private vm: QuickJSContext | undefined;
  private runFn: QuickJSHandle | undefined;
  private finishFn: QuickJSHandle | undefined;
  private readonly compiled = new Map<string, { fn: QuickJSHandle; touchesBuiltins: boolean }>();
  private current: RunState | undefined;
  private deadline = Number.POSITIVE_INFINITY;
  private abortReason: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly responseTokens = new WeakMap<object, number>();
  private readonly variableSync = new WeakMap<
    VariableScopes,
    { id: number; epoch: number; version: number }
  >();
  private nextScopesId = 1;
  private nextToken = 1;
  private lastResponseToken = 0;
  private isDisposed = false;

  private interrupted = false;
  /** A script is between start and finish (it may be awaiting a host operation): the context is not free. */
  private running = false;

  constructor(
    private quickjs: LoadedModule | undefined,
    private readonly options: ResolvedOptions,
  ) {}

  get disposed(): boolean {
    return this.isDisposed;
  }

  run(input: ScriptRunInput): Promise<ScriptResult> {
    // One QuickJS context cannot interleave two scripts: queue them.
    const next = this.queue.then(() => this.runNow(input));
    this.queue = next.catch(() => undefined);
    return next;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.isDisposed = true;
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

  // ---- sandbox lifecycle -------------------------------------------------------------------

  private ensureSandbox(): QuickJSContext {
    if (this.vm) {
      return this.vm;
    }
    if (!this.quickjs) {
      throw new Error('QuickJS module not loaded');
    }
    if (!this.runtime) {
      const rt = this.quickjs.module.newRuntime();
      rt.setMemoryLimit(this.options.memoryBytes);
      rt.setMaxStackSize(this.options.maxStackBytes);
      rt.setInterruptHandler(() => {
        if (this.abortReason !== undefined || Date.now() > this.deadline) {
          // Remembered because QuickJS turns an interrupt inside a promise job into a silent rejection.
          this.interrupted = true;
          return true;
        }
        return false;
      });
      this.runtime = rt;
    }
    const vm = this.runtime.newContext();
    this.vm = vm;
    const host = this.buildHost(vm);
    const previousDeadline = this.deadline;
    this.deadline = Date.now() + 10_000;
    try {
      const factory = vm.unwrapResult(vm.evalCode(SANDBOX_PRELUDE, 'apiplay-prelude.js'));
      const api = vm.unwrapResult(vm.callFunction(factory, vm.undefined, host));
      factory.dispose();
      host.dispose();
      this.runFn = vm.getProp(api, 'run');
      this.finishFn = vm.getProp(api, 'finish');
      api.dispose();
    } finally {
      this.deadline = previousDeadline;
    }
    return vm;
  }

  private disposeContext(): void {
    for (const entry of this.compiled.values()) {
      entry.fn.dispose();
    }
    this.compiled.clear();
    this.runFn?.dispose();
    this.finishFn?.dispose();
    this.runFn = undefined;
    this.finishFn = undefined;
    this.vm?.dispose();
    this.vm = undefined;
    this.lastResponseToken = 0;
  }

  /** After an interrupt or out-of-memory the heap may hold half-built state: start from a clean context. */
  private resetContext(): void {
    try {
      this.disposeContext();
    } catch {
      // A context that cannot be freed cleanly takes its runtime with it.
      this.vm = undefined;
      this.runtime = undefined;
    }
  }

  private buildHost(vm: QuickJSContext): QuickJSHandle {
    const host = vm.newObject();
    const fn = (name: string, impl: (...args: QuickJSHandle[]) => QuickJSHandle | undefined): void => {
      const f = vm.newFunction(name, impl);
      vm.setProp(host, name, f);
      f.dispose();
    };
    // The prelude (not user code) calls these and passes only primitives of the right type, so the values are
    // read directly: asking QuickJS for typeof first would cost a C-string round trip per argument.
    const str = (h: QuickJSHandle | undefined): string => (h === undefined ? '' : vm.getString(h));
    const num = (h: QuickJSHandle | undefined): number => (h === undefined ? 0 : vm.getNumber(h));
    const scopesOf = (layer: string): VariableScopes | undefined => {
      if (!LAYERS.has(layer)) {
        return undefined;
      }
      return this.current?.input.ctx.variables;
    };

    fn('console', (level, text) => {
      const state = this.current;
      if (!state) {
        return vm.true;
      }
      return this.pushConsole(state, str(level), str(text)) ? vm.true : vm.false;
    });
    // The response's header and cookie lists (JSON), asked for by the sandbox only when a script reads them.
    fn('resp', () => {
      const res = this.current?.input.ctx.response;
      return vm.newString(res ? `${safeJson(res.headers)}${PART}${safeJson(res.cookies)}` : PART);
    });
    fn('request', () =>
      vm.newString(safeJson(this.current?.input.ctx.request ?? { method: 'GET', url: '', headers: [] })),
    );
    fn('vget', (layerH, keyH) => {
      const layer = str(layerH);
      const scopes = scopesOf(layer);
      if (!scopes) {
        return vm.undefined;
      }
      const key = str(keyH);
      const value = layer === 'all' ? scopes.get(key) : scopes.layer(layerName(layer)).get(key);
      const encoded = encodeValue(value);
      return encoded === undefined ? vm.undefined : vm.newString(encoded);
    });
    fn('vops', (opsH) => {
      const state = this.current;
      if (state) {
        this.applyVariableWrites(state.input.ctx.variables, parseJson(str(opsH)));
      }
      return vm.undefined;
    });
    fn('vhas', (layerH, keyH) => {
      const layer = str(layerH);
      const scopes = scopesOf(layer);
      if (!scopes) {
        return vm.false;
      }
      const has = layer === 'all' ? scopes.has(str(keyH)) : scopes.layer(layerName(layer)).has(str(keyH));
      return has ? vm.true : vm.false;
    });
    fn('vall', (layerH) => {
      const layer = str(layerH);
      const scopes = scopesOf(layer);
      if (!scopes) {
        return vm.newString('{}');
      }
      const obj = layer === 'all' ? scopes.toObject() : scopes.layer(layerName(layer)).toObject();
      return vm.newString(safeJson(obj));
    });
    fn('vclear', (layerH) => {
      const layer = str(layerH);
      const scopes = scopesOf(layer);
      if (scopes && layer !== 'all' && layer !== 'data') {
        scopes.layer(layerName(layer)).clear();
      }
      return vm.undefined;
    });
    fn('vreplace', (layerH, textH) => {
      const layer = str(layerH);
      const scopes = scopesOf(layer);
      const text = str(textH);
      return vm.newString(scopes ? replaceInLayer(text, scopes, layer) : text);
    });
    fn('next', (valueH) => {
      const state = this.current;
      if (state) {
        const v = str(valueH);
        state.nextRequest = v.startsWith('s') ? v.slice(1) : null;
      }
      return vm.undefined;
    });
    fn('skip', () => {
      if (this.current) {
        this.current.skipRequest = true;
      }
      return vm.undefined;
    });
    fn('fail', (messageH, stackH) => {
      const state = this.current;
      if (state) {
        const message = str(messageH);
        const kind = classify(message);
        if (kind === 'memory') {
          state.broken = true;
        }
        state.fail(kind, this.failureMessage(kind, message), lineFromStack(str(stackH)));
      }
      return vm.undefined;
    });
    fn('random', (nH) => {
      const bytes = new Uint8Array(Math.min(65536, Math.max(0, Math.floor(num(nH)))));
      globalThis.crypto.getRandomValues(bytes);
      let out = '';
      for (const b of bytes) {
        out += String.fromCharCode(b);
      }
      return vm.newString(out);
    });
    fn('module', (nameH) => {
      const name = str(nameH);
      const src = Object.hasOwn(this.options.modules, name)
        ? this.options.modules[name as keyof ScriptModuleSources]
        : undefined;
      if (typeof src !== 'string') {
        const available = ['atob', 'btoa', ...Object.keys(this.options.modules)].join(', ');
        throw new Error(`Module '${name}' is not available in the sandbox (available: ${available})`);
      }
      // Evaluated from the host so QuickJS measures the parser's recursion from a fresh stack top: minified
      // bundles nest deeply and would otherwise overflow the script's small stack budget.
      const wrapped =
        '(function () { var module = { exports: {} };' +
        '(function (module, exports, define, require, process, global, window, self) {' +
        `${name === 'chai' ? fastChai(src) : src}\n}).call(module.exports, module, module.exports); return module; })()`;
      const result = vm.evalCode(wrapped, `${name}.js`);
      if (result.error) {
        // Rethrow inside the sandbox with the original error (the library function returns it as thrown).
        const dumped: unknown = vm.dump(result.error);
        result.error.dispose();
        const message =
          typeof dumped === 'object' && dumped !== null && 'message' in dumped
            ? String((dumped as { message: unknown }).message)
            : String(dumped);
        throw new Error(`Module '${name}' failed to load: ${message}`);
      }
      return result.value;
    });
    fn('send', (specH) => this.hostSend(vm, str(specH)));
    fn('timer', (idH, msH) => this.hostTimer(vm, num(idH), num(msH)));
    fn('cancelTimer', (idH) => {
      const entry = this.current?.timers.get(num(idH));
      if (entry) {
        clearTimeout(entry.timer);
        entry.settle();
      }
      return vm.undefined;
    });
    return host;
  }

  /** The sandbox's tag for `scopes` (see the prelude's vcache): moves when something else changed them. */
  private variablesTag(scopes: VariableScopes): string {
    let sync = this.variableSync.get(scopes);
    if (!sync) {
      sync = { id: this.nextScopesId++, epoch: 0, version: scopes.version };
      this.variableSync.set(scopes, sync);
    } else if (sync.version !== scopes.version) {
      sync.epoch += 1;
      sync.version = scopes.version;
    }
    return `${sync.id}.${sync.epoch}`;
  }

  /**
   * Apply the sandbox's queued writes, `[[layer, name, encoded | null], …]`, in order. When the scopes had no other
   * change since the sandbox's tag, its cache already holds these values and stays valid.
   */
  private applyVariableWrites(scopes: VariableScopes, ops: unknown): void {
    if (!Array.isArray(ops) || ops.length === 0) {
      return;
    }
    const sync = this.variableSync.get(scopes);
    const inSync = sync !== undefined && sync.version === scopes.version;
    for (const op of ops) {
      const [layer, key, encoded] = Array.isArray(op) ? (op as unknown[]) : [];
      if (typeof layer !== 'string' || typeof key !== 'string' || !LAYERS.has(layer) || layer === 'data') {
        continue;
      }
      const target = layer === 'all' ? scopes : scopes.layer(layerName(layer));
      if (encoded === null) {
        target.unset(key);
      } else {
        target.set(key, decodeValue(String(encoded)));
      }
    }
    if (sync && inSync) {
      sync.version = scopes.version;
    }
  }

  private failureMessage(kind: TScriptFailureKind, message: string): string {
    switch (kind) {
      case 'memory':
        return `Script exceeded the memory limit of ${Math.round(this.options.memoryBytes / 1024 / 1024)} MB (${message})`;
      case 'stack':
        return `Maximum call stack size exceeded (${message})`;
      case 'timeout':
      case 'console':
      case 'syntax':
      case 'error':
        return message;
    }
  }

  private pushConsole(state: RunState, levelText: string, text: string): boolean {
    const level = CONSOLE_LEVELS.has(levelText as TConsoleEntry['level'])
      ? (levelText as TConsoleEntry['level'])
      : 'log';
    if (this.abortReason !== undefined) {
      return false;
    }
    const room = this.options.maxConsoleChars - state.consoleChars;
    if (text.length <= room) {
      state.consoleChars += text.length;
      state.console.push({ level, message: text });
      return true;
    }
    if (room > 0) {
      state.console.push({ level, message: `${text.slice(0, room)}…` });
    }
    state.consoleChars = this.options.maxConsoleChars;
    const message = `Console output exceeded the limit of ${this.options.maxConsoleChars} characters; the script was stopped`;
    state.console.push({ level: 'warn', message });
    state.fail('console', message);
    // An uncatchable interrupt: the script cannot swallow this with try/catch and keep printing.
    this.abortReason = message;
    return false;
  }

  /** Track a native promise as a pending host operation that settles a QuickJS deferred. */
  private track(state: RunState, deferred: QuickJSDeferredPromise, op: Promise<void>): void {
    state.deferreds.add(deferred);
    const done = op.finally(() => {
      state.hostOps.delete(done);
    });
    state.hostOps.add(done);
  }

  private hostSend(vm: QuickJSContext, specJson: string): QuickJSHandle {
    const state = this.current;
    const deferred = vm.newPromise();
    if (!state) {
      return deferred.handle;
    }
    const send = state.input.ctx.sendRequest;
    const reject = (message: string): void => {
      if (state.closed || !vm.alive) {
        return;
      }
      const err = vm.newError(message);
      deferred.reject(err);
      err.dispose();
    };
    if (!send) {
      reject('pm.sendRequest is not available here (the host gave no sendRequest)');
      return deferred.handle;
    }
    let spec: TScriptRequest;
    try {
      spec = JSON.parse(specJson) as TScriptRequest;
    } catch {
      reject('pm.sendRequest: invalid request');
      return deferred.handle;
    }
    const op = Promise.resolve()
      .then(() => send(spec))
      .then(
        (res) => {
          if (state.closed || !vm.alive) {
            return;
          }
          const h = vm.newString(safeJson(res));
          deferred.resolve(h);
          h.dispose();
        },
        (err: unknown) => reject(err instanceof Error ? err.message : String(err)),
      );
    this.track(state, deferred, op);
    return deferred.handle;
  }

  private hostTimer(vm: QuickJSContext, id: number, ms: number): QuickJSHandle {
    const state = this.current;
    const deferred = vm.newPromise();
    if (!state) {
      return deferred.handle;
    }
    const op = new Promise<void>((resolve) => {
      const settle = (): void => {
        state.timers.delete(id);
        if (!state.closed && vm.alive) {
          deferred.resolve();
        }
        resolve();
      };
      const timer = setTimeout(settle, Math.max(0, ms));
      state.timers.set(id, { timer, settle });
    });
    this.track(state, deferred, op);
    return deferred.handle;
  }

  // ---- one run ----------------------------------------------------------------------------------

  private compile(
    vm: QuickJSContext,
    code: string,
    state: RunState,
  ): { fn: QuickJSHandle; touchesBuiltins: boolean } | undefined {
    const cached = this.compiled.get(code);
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
    return this.cache(code, result.value);
  }

  /**
   * Compile `code` into the cache ahead of its run, while the engine is idle (the runner calls this while the
   * request is on the wire, so the compile overlaps the network wait). Nothing is reported here: a script that
   * does not compile stays out of the cache and fails with its line when it runs.
   */
  precompile(code: string): void {
    const vm = this.vm;
    if (!vm || this.running || this.compiled.has(code)) {
      return;
    }
    const timeout = this.options.timeoutMs;
    this.deadline = timeout > 0 ? Date.now() + timeout : Number.POSITIVE_INFINITY;
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

  private cache(code: string, fn: QuickJSHandle): { fn: QuickJSHandle; touchesBuiltins: boolean } {
    if (this.compiled.size >= this.options.maxCachedScripts) {
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
      if (this.abortReason === undefined) {
        state.fail('timeout', `Script exceeded the time limit of ${this.timeoutOf(state)} ms`, line);
      }
      return;
    }
    const kind = classify(message);
    if (kind === 'memory') {
      state.broken = true;
    }
    state.fail(kind === 'error' ? fallback : kind, this.failureMessage(kind, message), line);
  }

  private timeoutOf(state: RunState): number {
    return state.input.timeoutMs ?? this.options.timeoutMs;
  }

  /** run()'s first argument (see the prelude): one string, so one copy into the sandbox, body included. */
  private meta(input: ScriptRunInput): string {
    const { ctx } = input;
    let token = 0;
    let responseParts = '';
    const res = ctx.response;
    if (res) {
      token = this.responseTokens.get(res) ?? 0;
      if (token === 0) {
        token = this.nextToken++;
        this.responseTokens.set(res, token);
      }
      if (token !== this.lastResponseToken) {
        // A reason phrase cannot hold control characters on the wire; one built by hand loses its \u0001.
        const reason = res.statusText.includes(PART) ? res.statusText.replaceAll(PART, ' ') : res.statusText;
        responseParts =
          `${PART}${res.status}${PART}${reason}${PART}${res.size}${PART}${res.bodyEncoding ?? ''}` +
          `${PART}${res.timings.total}${PART}${res.body}`;
        this.lastResponseToken = token;
      }
    }
    return (
      `${input.phase}${PART}${token}${PART}${this.variablesTag(ctx.variables)}${PART}` +
      `${JSON.stringify(ctx.environmentName ?? '')}${PART}` +
      `${JSON.stringify(ctx.info ?? {})}${PART}${ctx.cookies ? JSON.stringify(ctx.cookies) : ''}${responseParts}`
    );
  }

  /** Run promise jobs and wait for host operations (sendRequest, timers) until the script has nothing left. */
  private async pump(vm: QuickJSContext, state: RunState): Promise<void> {
    const runtime = this.runtime;
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
      if (state.broken || this.interrupted || state.hostOps.size === 0) {
        break;
      }
      const remaining = this.deadline - Date.now();
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
    if (!this.interrupted) {
      return;
    }
    state.broken = true;
    if (this.abortReason === undefined) {
      state.fail('timeout', `Script exceeded the time limit of ${this.timeoutOf(state)} ms`);
    }
  }

  private finish(vm: QuickJSContext, state: RunState, restoreAll: boolean): string {
    if (!this.finishFn) {
      return '';
    }
    // finish() runs after interrupts too (to keep assertions and request changes), so give it a fresh budget.
    this.abortReason = undefined;
    this.deadline = Date.now() + 1000;
    const result = vm.callFunction(this.finishFn, vm.undefined, restoreAll ? vm.true : vm.false);
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
    let finishJson = '';
    this.abortReason = undefined;
    this.interrupted = false;
    this.running = true;
    try {
      this.quickjs ??= await loadModule(this.options.memoryBytes, this.options.wasmModule);
      const vm = this.ensureSandbox();
      this.current = state;
      // 0 (or less) means no time limit, as in newman's --timeout-script; hosts serving untrusted users set one.
      const timeout = this.timeoutOf(state);
      this.deadline = timeout > 0 ? Date.now() + timeout : Number.POSITIVE_INFINITY;
      const bodyChars = input.ctx.response?.body.length ?? 0;
      if (bodyChars > this.options.memoryBytes / 2) {
        // Copying it into the sandbox would exhaust the capped wasm memory: say so instead of failing inside.
        state.fail(
          'memory',
          `The response body (${Math.round(bodyChars / 1024 / 1024)} MB) is too large for the script memory limit of ${Math.round(this.options.memoryBytes / 1024 / 1024)} MB`,
        );
      }
      const compiled = state.failure ? undefined : this.compile(vm, input.code, state);
      if (compiled && this.runFn) {
        const fn = compiled.fn;
        const metaH = vm.newString(this.meta(input));
        const restoreAll = compiled.touchesBuiltins ? vm.true : vm.false;
        const call = vm.callFunction(this.runFn, vm.undefined, fn, metaH, restoreAll);
        metaH.dispose();
        let early = '';
        if (call.error) {
          this.handleError(vm, state, call.error, 'error');
          call.error.dispose();
        } else {
          early = vm.getString(call.value);
          call.value.dispose();
        }
        // A synchronous script with no promise job or host operation left is summed up by run() itself.
        if (early.startsWith('F') && state.hostOps.size === 0 && !this.runtime?.hasPendingJob()) {
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
      if (err instanceof WebAssembly.RuntimeError && this.heapExhausted()) {
        state.fail('memory', this.failureMessage('memory', message));
      } else {
        state.fail('error', `Script engine error: ${message}`);
      }
      state.broken = true;
      this.dropRuntime();
    } finally {
      this.running = false;
      this.current = undefined;
      this.deadline = Number.POSITIVE_INFINITY;
      this.abortReason = undefined;
      state.closed = true;
      for (const t of state.timers.values()) {
        clearTimeout(t.timer);
      }
      for (const d of state.deferreds) {
        if (d.alive) {
          d.dispose();
        }
      }
      if (state.broken && this.heapExhausted()) {
        // The script drove the wasm heap to its cap. QuickJS frees the context, but its allocator is left
        // fragmented at the cap and a later allocation failure can trap inside the module: start a fresh one.
        this.dropRuntime();
      } else if (state.broken && this.vm) {
        this.resetContext();
      }
    }
    return await this.result(state, finishJson);
  }

  /**
   * The wasm module itself failed (e.g. the host stack overflowed inside it): its heap may be inconsistent, so
   * nothing in it is freed or reused — the whole module is dropped and the next run loads a fresh one.
   */
  private dropRuntime(): void {
    this.vm = undefined;
    this.runtime = undefined;
    this.runFn = undefined;
    this.finishFn = undefined;
    this.compiled.clear();
    this.quickjs = undefined;
    this.lastResponseToken = 0;
  }

  /** The module's linear memory has grown past the QuickJS limit, i.e. close to its cap (it never shrinks). */
  private heapExhausted(): boolean {
    return (this.quickjs?.memory.buffer.byteLength ?? 0) > this.options.memoryBytes;
  }

  private async result(state: RunState, finishJson: string): Promise<ScriptResult> {
    const finished = parseFinish(finishJson);
    this.applyVariableWrites(state.input.ctx.variables, finished.writes);
    if (finished.unsettled && !state.broken) {
      state.fail('error', 'The script awaited a promise that never settled');
    }
    const original = state.input.ctx.request;
    const out: ScriptResult = {
      assertions: finished.assertions,
      console: state.console,
      request:
        finished.request !== null && state.input.phase === 'preRequest'
          ? await requestFromSandbox(finished.request, original)
          : original,
    };
    if (state.nextRequest !== undefined) {
      out.nextRequest = state.nextRequest;
    }
    if (state.skipRequest) {
      out.skipRequest = true;
    }
    if (state.failure) {
      out.failure = state.failure;
    }
    return out;
  }
}

const WASM_PAGE = 64 * 1024;
// The module's own needs beside the QuickJS heap: data segments, the C stack, allocator slack.
const WASM_OVERHEAD_BYTES = 16 * 1024 * 1024;
const WASM_INITIAL_BYTES = 16 * 1024 * 1024;

/**
 * Each engine gets its own QuickJS wasm instance with a CAPPED linear memory. QuickJS's own memory limit does not
 * count large strings/arrays (quickjs-emscripten issue #271), so without this cap one script could grow the
 * shared wasm heap to 2 GB; with it, malloc fails at the cap and QuickJS raises a catchable out-of-memory.
 */
async function loadModule(
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

/** A QuickJS wasm instance and its capped linear memory (watched to tell a trap at the cap from other faults). */
interface LoadedModule {
  module: QuickJSWASMModule;
  memory: WebAssembly.Memory;
}

/**
 * Evaluates the user's code as a function expression. No newline before the code, so error lines equal the
 * user's lines. QuickJS compiles a plain function ~2× faster than an async one, so top-level await only gets the
 * async wrapper when it is used.
 */
function evalWrapped(vm: QuickJSContext, code: string): ReturnType<QuickJSContext['evalCode']> {
  const wrapper = /\bawait\b/.test(code) ? 'async function' : 'function';
  return vm.evalCode(`(${wrapper} () {${code}\n})`, USER_FILE);
}

function layerName(layer: string): 'environment' | 'globals' | 'collection' | 'local' | 'data' {
  switch (layer) {
    case 'environment':
    case 'globals':
    case 'collection':
    case 'local':
    case 'data':
      return layer;
    default:
      return 'local';
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
