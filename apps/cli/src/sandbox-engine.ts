// Loaded with a dynamic import (its own chunk): QuickJS and the zod schemas the sandbox validates with are only
// paid for when a collection has scripts.
import type { ScriptEngine } from '@apiplay/core';
// Not through core-lazy.ts: that module also re-exports the zod schemas, whose chunk (~0.8 MB) would then load
// with every script run.
import { loadQuickJsWasm, loadScriptModules } from '@apiplay/core/node';
import { createScriptEngine } from '@apiplay/core/sandbox';

/**
 * One warm QuickJS engine for the run. `longRun`: the process will run scripts for long enough (`apiplay load`)
 * that V8's optimizing wasm tier pays back its compile (+30% scripted throughput measured); a `run` keeps the
 * baseline tier, which starts faster. `require` serves the sandbox libraries build.mjs wrote next to the bundle
 * (dist/sandbox/), each read the first time a script requires it (most runs need chai at most); when running from
 * source (no dist/sandbox), core reads them from its node_modules.
 */
export async function createSandboxEngine(
  sandboxDir: URL,
  timeoutMs: number | undefined,
  longRun = false,
): Promise<ScriptEngine> {
  const modules = loadScriptModules({ prebuiltDir: sandboxDir });
  // APIPLAY_WASM_TIERUP=1 lets V8 optimize QuickJS in a `run` too (see loadQuickJsWasm).
  const optimize = longRun || process.env.APIPLAY_WASM_TIERUP === '1';
  const wasmModule = await loadQuickJsWasm({ baselineTier: !optimize });
  return createScriptEngine({ ...(timeoutMs === undefined ? {} : { timeoutMs }), modules, wasmModule });
}
