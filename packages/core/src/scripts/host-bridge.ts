/**
 * The host functions the sandbox calls (declared for the sandbox in sandbox/sandbox.d.ts): console, variables,
 * the request and response lists, setNextRequest/skip, failures, random bytes, `require`'s libraries,
 * pm.sendRequest, the cookie jar and timers. Installed once per context on the object given to the prelude.
 */
import type { QuickJSContext, QuickJSDeferredPromise, QuickJSHandle } from 'quickjs-emscripten';
import type { TCookie } from '../schema';
import type { VariableScopes } from '../variables';
import { fastChai } from './fast-chai';
import { encodeValue, PART, parseJson, safeJson } from './protocol';
import { classify, failureMessage, lineFromStack, type RunState } from './run-state';
import type { ScriptModuleSources, TScriptRequest } from './types';
import { LAYERS, layerName, replaceInLayer, type VariableSync } from './variable-sync';

/** What the host functions need of the engine. */
export interface HostBridgeTarget {
  /** The run in progress (undefined between runs: calls then do nothing). */
  readonly current: RunState | undefined;
  readonly modules: ScriptModuleSources;
  readonly memoryBytes: number;
  readonly variables: VariableSync;
  /** Record a console entry; false once the run's console budget is spent (the script is then stopped). */
  pushConsole(state: RunState, level: string, text: string): boolean;
}

/** Track a native promise as a pending host operation that settles a QuickJS deferred. */
function track(state: RunState, deferred: QuickJSDeferredPromise, op: Promise<void>): void {
  state.deferreds.add(deferred);
  const done = op.finally(() => {
    state.hostOps.delete(done);
  });
  state.hostOps.add(done);
}

/** Reject a sandbox promise with an Error carrying the message and, when the failure had one, its code. */
function rejectIn(
  vm: QuickJSContext,
  state: RunState,
  deferred: QuickJSDeferredPromise,
  message: string,
  code?: string,
): void {
  if (state.closed || !vm.alive) {
    return;
  }
  const err = vm.newError(message);
  if (code !== undefined) {
    const c = vm.newString(code);
    vm.setProp(err, 'code', c);
    c.dispose();
  }
  deferred.reject(err);
  err.dispose();
}

/** Settle a sandbox promise from a host operation: its result as JSON text, or its error (message and code). */
function settleFrom(
  vm: QuickJSContext,
  state: RunState,
  deferred: QuickJSDeferredPromise,
  op: Promise<unknown>,
) {
  const settled = op.then(
    (value) => {
      if (state.closed || !vm.alive) {
        return;
      }
      const h = vm.newString(value === undefined ? '' : safeJson(value));
      deferred.resolve(h);
      h.dispose();
    },
    (err: unknown) => {
      const code = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
      const message = err instanceof Error ? err.message : String(err);
      rejectIn(vm, state, deferred, message, typeof code === 'string' ? code : undefined);
    },
  );
  track(state, deferred, settled);
}

function hostSend(vm: QuickJSContext, state: RunState | undefined, specJson: string): QuickJSHandle {
  const deferred = vm.newPromise();
  if (!state) {
    return deferred.handle;
  }
  const send = state.input.ctx.sendRequest;
  if (!send) {
    rejectIn(vm, state, deferred, 'pm.sendRequest is not available here (the host gave no sendRequest)');
    return deferred.handle;
  }
  let spec: TScriptRequest;
  try {
    spec = JSON.parse(specJson) as TScriptRequest;
  } catch {
    rejectIn(vm, state, deferred, 'pm.sendRequest: invalid request');
    return deferred.handle;
  }
  settleFrom(
    vm,
    state,
    deferred,
    Promise.resolve().then(() => send(spec)),
  );
  return deferred.handle;
}

/**
 * pm.cookies.jar(): `op` on the run's jar with the JSON `[url, …arguments]` the sandbox checked. Settles with the
 * result as JSON ('' for none).
 */
function hostJar(
  vm: QuickJSContext,
  state: RunState | undefined,
  op: string,
  argsJson: string,
): QuickJSHandle {
  const deferred = vm.newPromise();
  if (!state) {
    return deferred.handle;
  }
  const jar = state.input.ctx.cookieJar;
  if (!jar) {
    rejectIn(vm, state, deferred, 'pm.cookies.jar() is not available here (the run has no cookie jar)');
    return deferred.handle;
  }
  const args = parseJson(argsJson);
  const [url, arg] = Array.isArray(args) ? args : [];
  if (typeof url !== 'string') {
    rejectIn(vm, state, deferred, 'pm.cookies.jar(): invalid url');
    return deferred.handle;
  }
  const run = (): Promise<unknown> => {
    switch (op) {
      case 'getAll':
        return jar.getAll(url);
      case 'set':
        return jar.set(url, arg as string | TCookie);
      case 'unset':
        return jar.unset(url, String(arg));
      case 'clear':
        return jar.clear(url);
      default:
        return Promise.reject(new Error(`pm.cookies.jar(): unknown operation ${op}`));
    }
  };
  settleFrom(vm, state, deferred, Promise.resolve().then(run));
  return deferred.handle;
}

function hostTimer(vm: QuickJSContext, state: RunState | undefined, id: number, ms: number): QuickJSHandle {
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
  track(state, deferred, op);
  return deferred.handle;
}

/** Evaluate a library of `require`'s allow-list from the host and return its `module` object. */
function hostModule(vm: QuickJSContext, modules: ScriptModuleSources, name: string): QuickJSHandle {
  const src = Object.hasOwn(modules, name) ? modules[name as keyof ScriptModuleSources] : undefined;
  if (typeof src !== 'string') {
    const available = ['atob', 'btoa', ...Object.keys(modules)].join(', ');
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
}

/** The host object handed to the prelude's factory. */
export function buildHost(vm: QuickJSContext, engine: HostBridgeTarget): QuickJSHandle {
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
    return engine.current?.input.ctx.variables;
  };

  fn('console', (level, text) => {
    const state = engine.current;
    if (!state) {
      return vm.true;
    }
    return engine.pushConsole(state, str(level), str(text)) ? vm.true : vm.false;
  });
  // The response's header and cookie lists (JSON), asked for by the sandbox only when a script reads them.
  fn('resp', () => {
    const res = engine.current?.input.ctx.response;
    return vm.newString(res ? `${safeJson(res.headers)}${PART}${safeJson(res.cookies)}` : PART);
  });
  fn('request', () =>
    vm.newString(safeJson(engine.current?.input.ctx.request ?? { method: 'GET', url: '', headers: [] })),
  );
  fn('info', () => vm.newString(safeJson(engine.current?.input.ctx.info ?? {})));
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
    const state = engine.current;
    if (state) {
      engine.variables.apply(state.input.ctx.variables, parseJson(str(opsH)));
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
    const obj = layer === 'all' ? scopes.toObject() : scopes.layer(layerName(layer)).toScriptObject();
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
    const state = engine.current;
    if (state) {
      const v = str(valueH);
      state.nextRequest = v.startsWith('s') ? v.slice(1) : null;
    }
    return vm.undefined;
  });
  fn('visualize', (templateH, dataH) => {
    const state = engine.current;
    if (state) {
      if (templateH === undefined) {
        state.visualizer = null;
      } else {
        const data = str(dataH);
        state.visualizer = data === '' ? { template: str(templateH) } : { template: str(templateH), data };
      }
    }
    return vm.undefined;
  });
  fn('skip', () => {
    const state = engine.current;
    if (state) {
      state.skipRequest = true;
    }
    return vm.undefined;
  });
  fn('fail', (messageH, stackH) => {
    const state = engine.current;
    if (state) {
      const message = str(messageH);
      const kind = classify(message);
      if (kind === 'memory') {
        state.broken = true;
      }
      state.fail(kind, failureMessage(kind, message, engine.memoryBytes), lineFromStack(str(stackH)));
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
  fn('module', (nameH) => hostModule(vm, engine.modules, str(nameH)));
  fn('send', (specH) => hostSend(vm, engine.current, str(specH)));
  fn('jar', (opH, argsH) => hostJar(vm, engine.current, str(opH), str(argsH)));
  fn('timer', (idH, msH) => hostTimer(vm, engine.current, num(idH), num(msH)));
  fn('cancelTimer', (idH) => {
    const entry = engine.current?.timers.get(num(idH));
    if (entry) {
      clearTimeout(entry.timer);
      entry.settle();
    }
    return vm.undefined;
  });
  return host;
}
