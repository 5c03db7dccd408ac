// Loaded with a dynamic import (its own chunk): QuickJS and the zod schemas the sandbox validates with are only
// paid for when a collection has scripts.
import type { ScriptEngine } from '@apiplay/core';
// Not through core-lazy.ts: that module also re-exports the zod schemas, whose chunk (~0.8 MB) would then load
// with every script run.
import { loadQuickJsWasm, loadScriptModules, type QuickJsWasmTier } from '@apiplay/core/node';
import { createScriptEngine } from '@apiplay/core/sandbox';

/**
 * How QuickJS is compiled for this process: a load test (`longRun`) runs scripts for long enough that V8's optimizing
 * wasm tier pays back its compile (+30% scripted throughput measured), and compiles it up front so the run has no
 * warm-up; a `run` keeps the baseline tier, which starts faster. APIPLAY_WASM_TIERUP=1 lets V8 optimize QuickJS in a
 * `run` too, as it gets hot (see loadQuickJsWasm).
 */
export function quickJsTier(longRun: boolean): QuickJsWasmTier {
  if (longRun) {
    return 'optimized';
  }
  return process.env.APIPLAY_WASM_TIERUP === '1' ? 'dynamic' : 'baseline';
}

/** QuickJS compiled for this process (once: later calls get the same module), as `quickJsTier` says. */
export function compileQuickJs(options: { longRun?: boolean } = {}): Promise<WebAssembly.Module> {
  return loadQuickJsWasm({ tier: quickJsTier(options.longRun === true) });
}

/**
 * One warm QuickJS engine for the run, compiled as `quickJsTier(longRun)` says unless `wasmModule` (compiled by the
 * main thread for its load threads) is given. `require` serves the sandbox libraries build.mjs wrote next to the
 * bundle (dist/sandbox/), each read the first time a script requires it (most runs need chai at most); when running
 * from source (no dist/sandbox), core reads them from its node_modules.
 */
export async function createSandboxEngine(
  sandboxDir: URL,
  timeoutMs: number | undefined,
  options: { longRun?: boolean; wasmModule?: WebAssembly.Module } = {},
): Promise<ScriptEngine> {
  const modules = loadScriptModules({ prebuiltDir: sandboxDir });
  const wasmModule = options.wasmModule ?? (await compileQuickJs(options));
  return createScriptEngine({ ...(timeoutMs === undefined ? {} : { timeoutMs }), modules, wasmModule });
}
