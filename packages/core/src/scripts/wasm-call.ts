/**
 * The prelude's run() called without quickjs-emscripten's per-call wrappers. `vm.callFunction` copies the argument
 * handles into a fresh malloc'd array (a typed array, a map and a Lifetime per call), wraps the result in a
 * Lifetime and a result object, and `getString` and `dispose` add their own: ≈1.5 µs per call, paid on every script
 * run. This calls the same FFI functions (QTS_Call, QTS_ResolveException, QTS_GetString) with an argument array
 * allocated once per context, and reads the string result straight away.
 *
 * Like wasm-strings.ts, it uses quickjs-emscripten-core 0.32 internals that are not part of its typed API (the
 * context's `ffi`, `ctx` and `memory`), checked for the expected shape first: with any other shape `createRunCall`
 * returns the library's own path.
 */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';
import { type EmscriptenHeap, isEmscriptenHeap } from './wasm-strings';

/** run()'s outcome: its string result, or the exception it threw (the caller disposes the handle). */
export type RunCallResult = { text: string; error?: undefined } | { text?: undefined; error: QuickJSHandle };

/** Calls run(fn, meta, restoreAll, body?) on the context it was made for; `free` releases its argument array. */
export interface RunCall {
  /** The direct path is in use (false: the library's, on a quickjs-emscripten with other internals). */
  readonly fast: boolean;
  call(
    fn: QuickJSHandle,
    meta: QuickJSHandle,
    restoreAll: boolean,
    body: QuickJSHandle | undefined,
  ): RunCallResult;
  free(): void;
}

interface Ffi {
  QTS_Call(ctx: number, fn: number, thisVal: number, argc: number, argv: number): number;
  QTS_ResolveException(ctx: number, value: number): number;
  QTS_GetString(ctx: number, value: number): number;
  QTS_FreeCString(ctx: number, ptr: number): void;
  QTS_FreeValuePointer(ctx: number, value: number): void;
}
interface EmscriptenModule extends EmscriptenHeap {
  UTF8ToString(ptr: number): string;
}
interface ContextInternals {
  ffi: Ffi;
  ctx: { value: number };
  memory: { module: EmscriptenModule; heapValueHandle(ptr: number): QuickJSHandle };
}

const FFI_FUNCTIONS = [
  'QTS_Call',
  'QTS_ResolveException',
  'QTS_GetString',
  'QTS_FreeCString',
  'QTS_FreeValuePointer',
] as const;

function internalsOf(vm: QuickJSContext): ContextInternals | undefined {
  const v = vm as unknown as Partial<ContextInternals>;
  const ffi = v.ffi as Partial<Ffi> | undefined;
  const module = v.memory?.module as Partial<EmscriptenModule> | undefined;
  if (
    !ffi ||
    FFI_FUNCTIONS.some((name) => typeof ffi[name] !== 'function') ||
    typeof v.ctx?.value !== 'number' ||
    typeof v.memory?.heapValueHandle !== 'function' ||
    !isEmscriptenHeap(module) ||
    typeof module.UTF8ToString !== 'function' ||
    typeof (vm.true as { value?: unknown }).value !== 'number'
  ) {
    return undefined;
  }
  return v as ContextInternals;
}

/** The library's path, for contexts without the expected internals. */
function libraryRunCall(vm: QuickJSContext, runFn: QuickJSHandle): RunCall {
  return {
    fast: false,
    call(fn, meta, restoreAll, body) {
      const args = [fn, meta, restoreAll ? vm.true : vm.false];
      if (body !== undefined) {
        args.push(body);
      }
      const result = vm.callFunction(runFn, vm.undefined, ...args);
      if (result.error) {
        return { error: result.error };
      }
      const text = vm.getString(result.value);
      result.value.dispose();
      return { text };
    },
    free() {},
  };
}

/** run()'s caller for `vm` (whose prelude returned `runFn`). */
export function createRunCall(vm: QuickJSContext, runFn: QuickJSHandle): RunCall {
  const internals = internalsOf(vm);
  if (!internals) {
    return libraryRunCall(vm, runFn);
  }
  const { ffi, memory } = internals;
  const module = memory.module;
  const ctx = internals.ctx.value;
  const undefinedPtr = (vm.undefined as { value: number }).value;
  const truePtr = (vm.true as { value: number }).value;
  const falsePtr = (vm.false as { value: number }).value;
  let argv = module._malloc(16);
  if (argv === 0) {
    return libraryRunCall(vm, runFn);
  }
  let view: Int32Array | undefined;
  return {
    fast: true,
    call(fn, meta, restoreAll, body) {
      // A heap that grew has a new buffer: the view is made again then.
      if (view === undefined || view.buffer !== module.HEAPU8.buffer) {
        view = new Int32Array(module.HEAPU8.buffer, argv, 4);
      }
      view[0] = (fn as { value: number }).value;
      view[1] = (meta as { value: number }).value;
      view[2] = restoreAll ? truePtr : falsePtr;
      let argc = 3;
      if (body !== undefined) {
        view[3] = (body as { value: number }).value;
        argc = 4;
      }
      const resultPtr = ffi.QTS_Call(ctx, (runFn as { value: number }).value, undefinedPtr, argc, argv);
      const errorPtr = ffi.QTS_ResolveException(ctx, resultPtr);
      if (errorPtr) {
        ffi.QTS_FreeValuePointer(ctx, resultPtr);
        return { error: memory.heapValueHandle(errorPtr) };
      }
      const chars = ffi.QTS_GetString(ctx, resultPtr);
      const text = module.UTF8ToString(chars);
      ffi.QTS_FreeCString(ctx, chars);
      ffi.QTS_FreeValuePointer(ctx, resultPtr);
      return { text };
    },
    free() {
      if (argv !== 0) {
        module._free(argv);
        argv = 0;
      }
    },
  };
}
