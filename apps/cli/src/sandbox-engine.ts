// Loaded with a dynamic import (its own chunk): QuickJS and the zod schemas the sandbox validates with are only
// paid for when a collection has scripts.
import { existsSync, readFileSync } from 'node:fs';
import type { ScriptEngine, ScriptModuleSources } from '@apiplay/core';
// Not through core-lazy.ts: that module also re-exports the zod schemas, whose chunk (~0.8 MB) would then load
// with every script run.
import { loadQuickJsWasm, loadScriptModules } from '@apiplay/core/node';
import { createScriptEngine } from '@apiplay/core/sandbox';

const names = ['chai', 'lodash', 'crypto-js', 'uuid', 'moment', 'ajv', 'tv4', 'csv-parse/lib/sync'] as const;

/**
 * The sandbox libraries shipped next to the bundle (dist/sandbox/, copied by build.mjs), each read the first time a
 * script requires it (most runs need chai at most); when running from source (no dist/sandbox), core's
 * node_modules lookup.
 */
async function loadSandboxModules(dir: URL): Promise<ScriptModuleSources> {
  if (!existsSync(new URL('chai.js', dir))) {
    return loadScriptModules();
  }
  const out: ScriptModuleSources = {};
  for (const name of names) {
    let text: string | undefined;
    Object.defineProperty(out, name, {
      enumerable: true,
      get: () => {
        text ??= readFileSync(new URL(`${name.replaceAll('/', '__')}.js`, dir), 'utf8');
        return text;
      },
    });
  }
  return out;
}

/** One warm QuickJS engine for the run, with the libraries above available to `require`. */
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
