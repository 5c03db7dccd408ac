// Loaded with a dynamic import (its own chunk): QuickJS and the zod schemas the sandbox validates with are only
// paid for when a collection has scripts.
import { readFile } from 'node:fs/promises';
import type { ScriptEngine, ScriptModuleSources } from '@apiplay/core';
// Not through core-lazy.ts: that module also re-exports the zod schemas, whose chunk (~0.8 MB) would then load
// with every script run.
import { loadQuickJsWasm, loadScriptModules } from '@apiplay/core/node';
import { createScriptEngine } from '@apiplay/core/sandbox';

const names = ['chai', 'lodash', 'crypto-js', 'uuid', 'moment', 'ajv'] as const;

/**
 * The sandbox libraries shipped next to the bundle (dist/sandbox/, copied by build.mjs); when running from source
 * (no dist/sandbox), fall back to core's node_modules lookup.
 */
async function loadSandboxModules(dir: URL): Promise<ScriptModuleSources> {
  try {
    const entries = await Promise.all(
      names.map(async (name) => [name, await readFile(new URL(`${name}.js`, dir), 'utf8')] as const),
    );
    return Object.fromEntries(entries);
  } catch {
    return loadScriptModules();
  }
}

/** One warm QuickJS engine for the run, with chai, lodash, crypto-js, uuid, moment and ajv available to `require`. */
export async function createSandboxEngine(
  sandboxDir: URL,
  timeoutMs: number | undefined,
): Promise<ScriptEngine> {
  const [modules, wasmModule] = await Promise.all([
    loadSandboxModules(sandboxDir),
    // APIPLAY_WASM_TIERUP=1 lets V8 optimize QuickJS too (see loadQuickJsWasm).
    loadQuickJsWasm({ baselineTier: process.env.APIPLAY_WASM_TIERUP !== '1' }),
  ]);
  return createScriptEngine({ ...(timeoutMs === undefined ? {} : { timeoutMs }), modules, wasmModule });
}
