// Loaded with a dynamic import (its own chunk): QuickJS and the zod schemas the sandbox validates with are only
// paid for when a collection has scripts.
import type { ScriptEngine } from '@apiplay/core';
// Not through core-lazy.ts: that module also re-exports the zod schemas, whose chunk (~0.8 MB) would then load
// with every script run.
import { loadQuickJsWasm, loadScriptModules } from '@apiplay/core/node';
import { createScriptEngine } from '@apiplay/core/sandbox';

/**
 * One warm QuickJS engine for the run. `require` serves the sandbox libraries build.mjs wrote next to the bundle
 * (dist/sandbox/), each read the first time a script requires it (most runs need chai at most); when running from
 * source (no dist/sandbox), core reads them from its node_modules.
 */
export async function createSandboxEngine(
  sandboxDir: URL,
  timeoutMs: number | undefined,
): Promise<ScriptEngine> {
  const modules = loadScriptModules({ prebuiltDir: sandboxDir });
  // APIPLAY_WASM_TIERUP=1 lets V8 optimize QuickJS too (see loadQuickJsWasm).
  const wasmModule = await loadQuickJsWasm({ baselineTier: process.env.APIPLAY_WASM_TIERUP !== '1' });
  return createScriptEngine({ ...(timeoutMs === undefined ? {} : { timeoutMs }), modules, wasmModule });
}
