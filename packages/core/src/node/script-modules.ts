import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createScriptEngine } from '../scripts/engine';
import type { ScriptEngine, ScriptEngineOptions, ScriptModuleSources } from '../scripts/types';
import { withBaselineWasmTier } from './wasm-tier';

const require = createRequire(import.meta.url);

/**
 * Resolve libraries from packages/core, which pins them (chai 4 ships a UMD build; the root may hold chai 6).
 * From a bundle (apps/cli/dist) import.meta.url is the bundle, so go through the workspace package first.
 */
function coreRequire(): NodeJS.Require {
  try {
    return createRequire(require.resolve('@apiplay/core'));
  } catch {
    return require;
  }
}

// Single-file builds each package ships; resolved through package.json because some packages restrict subpaths.
const FILES: Record<keyof ScriptModuleSources, { pkg: string; file: string }> = {
  chai: { pkg: 'chai', file: 'chai.js' },
  lodash: { pkg: 'lodash', file: 'lodash.min.js' },
  'crypto-js': { pkg: 'crypto-js', file: 'crypto-js.js' },
  uuid: { pkg: 'uuid', file: 'dist/umd/uuid.min.js' },
  moment: { pkg: 'moment', file: 'min/moment.min.js' },
  ajv: { pkg: 'ajv', file: 'dist/ajv.min.js' },
  tv4: { pkg: 'tv4', file: 'tv4.js' },
  'csv-parse/lib/sync': { pkg: 'csv-parse', file: 'lib/browser/sync.js' },
};

let cached: Promise<ScriptModuleSources> | undefined;

async function readModule(pkg: string, file: string): Promise<string> {
  const dir = dirname(coreRequire().resolve(`${pkg}/package.json`));
  return readFile(join(dir, file), 'utf8');
}

/** Read the sandbox's library sources from node_modules once per process. */
export function loadScriptModules(): Promise<ScriptModuleSources> {
  cached ??= (async () => {
    const out: ScriptModuleSources = {};
    for (const [name, spec] of Object.entries(FILES) as [
      keyof ScriptModuleSources,
      (typeof FILES)['chai'],
    ][]) {
      out[name] = await readModule(spec.pkg, spec.file);
    }
    return out;
  })();
  return cached;
}

let wasm: Promise<WebAssembly.Module> | undefined;

/**
 * quickjs-emscripten's RELEASE_SYNC wasm, compiled once per process and shared by every engine (each still gets
 * its own instance and memory), so later engines reuse V8's already-optimized code.
 * `baselineTier`: compile it for V8's baseline tier only (Liftoff). A short-lived process (the CLI) never earns
 * back what the optimizing tier costs for a module this size (≈50 MB of peak RSS and background CPU); a server
 * does. Only this compile is affected: other modules (undici's llhttp parser) keep the optimizing tier. The first
 * call decides for the process.
 */
export function loadQuickJsWasm(options: { baselineTier?: boolean } = {}): Promise<WebAssembly.Module> {
  wasm ??= (async () => {
    // Resolved from quickjs-emscripten's own dependencies so the binary matches the glue code it ships.
    const fromQuickJs = createRequire(require.resolve('quickjs-emscripten'));
    const bytes = await readFile(fromQuickJs.resolve('@jitl/quickjs-wasmfile-release-sync/wasm'));
    return options.baselineTier
      ? withBaselineWasmTier(() => WebAssembly.compile(bytes))
      : WebAssembly.compile(bytes);
  })();
  return wasm;
}

/** `createScriptEngine` with the bundled libraries (chai, lodash, crypto-js, uuid) and the shared compiled wasm. */
export async function createNodeScriptEngine(options: ScriptEngineOptions = {}): Promise<ScriptEngine> {
  const [modules, wasmModule] = await Promise.all([loadScriptModules(), loadQuickJsWasm()]);
  return createScriptEngine({ wasmModule, ...options, modules: { ...modules, ...options.modules } });
}
