import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScriptEngine } from '../scripts/engine';
import type { ScriptEngine, ScriptEngineOptions, ScriptModuleSources } from '../scripts/types';
import {
  hasSandboxLibraries,
  readSandboxLibraryFile,
  SANDBOX_LIBRARIES,
  SANDBOX_LIBRARY_NAMES,
  type SandboxLibrary,
  type SandboxLibraryName,
  sandboxBundleOptions,
  sandboxLibraryFile,
} from './sandbox-libraries';
import { withBaselineWasmTier, withOptimizedWasmTier } from './wasm-tier';

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

/** packages/core when running from source (tests, `tsx`, the server's dev-bundled worker): only used there. */
function coreDirFromSource(): string {
  try {
    return join(dirname(require.resolve('@apiplay/core')), '..');
  } catch {
    return join(dirname(fileURLToPath(import.meta.url)), '../..');
  }
}

/**
 * Bundle a library on first use when no built copy exists: only when running from source (tests, `tsx`), where
 * esbuild is installed as a devDependency. Builds ship them prebuilt (`writeSandboxLibraries`).
 */
function bundleFromSource(name: SandboxLibraryName): string {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = require('esbuild') as typeof import('esbuild');
  } catch {
    throw new Error(`The sandbox library '${name}' was not built: run the build (npm run build)`);
  }
  const out = esbuild.buildSync(sandboxBundleOptions(name, coreDirFromSource()));
  return out.outputFiles[0]?.text ?? '';
}

function readLibrary(name: SandboxLibraryName, prebuiltDir: string | undefined): string {
  if (prebuiltDir) {
    return readFileSync(join(prebuiltDir, sandboxLibraryFile(name)), 'utf8');
  }
  const spec: SandboxLibrary = SANDBOX_LIBRARIES[name];
  if ('bundle' in spec) {
    return bundleFromSource(name);
  }
  return readSandboxLibraryFile(spec, coreRequire());
}

const cached = new Map<string, ScriptModuleSources>();

/**
 * The sandbox's library sources, each read (or, from source, bundled) the first time a script requires it: most
 * runs need chai at most, and cheerio or postman-collection cost a parse only when used.
 * `prebuiltDir`: where a build wrote them (`writeSandboxLibraries`); used when it holds them, else packages/core's
 * node_modules. One object per directory per process, so each file is read once.
 */
export function loadScriptModules(options: { prebuiltDir?: string | URL } = {}): ScriptModuleSources {
  const raw = options.prebuiltDir;
  const dir = raw === undefined ? undefined : raw instanceof URL ? fileURLToPath(raw) : raw;
  const usable = dir !== undefined && hasSandboxLibraries(dir) ? dir : undefined;
  const key = usable ?? '';
  const hit = cached.get(key);
  if (hit) {
    return hit;
  }
  const out: ScriptModuleSources = {};
  for (const name of SANDBOX_LIBRARY_NAMES) {
    let text: string | undefined;
    Object.defineProperty(out, name, {
      enumerable: true,
      get: () => {
        text ??= readLibrary(name, usable);
        return text;
      },
    });
  }
  cached.set(key, out);
  return out;
}

let wasm: Promise<WebAssembly.Module> | undefined;

/**
 * How V8 compiles QuickJS: `baseline` (Liftoff only): a short-lived process (the CLI's `run`) never earns back what
 * the optimizing tier costs for a module this size (≈50 MB of peak RSS and background CPU); `optimized`: every
 * function by the optimizing tier before the first script runs (a load test: no warm-up inside the measured run);
 * `dynamic` (V8's default): Liftoff first, hot functions optimized as they get hot (a server).
 */
export type QuickJsWasmTier = 'baseline' | 'optimized' | 'dynamic';

/**
 * quickjs-emscripten's RELEASE_SYNC wasm, compiled once per process and shared by every engine (each still gets
 * its own instance and memory), so later engines reuse V8's already-compiled code; a compiled module can be sent to
 * worker threads too (structured clone shares its code). Only this compile is affected by `tier`: other modules
 * (undici's llhttp parser) keep V8's default. The first call decides for the process.
 */
export function loadQuickJsWasm(options: { tier?: QuickJsWasmTier } = {}): Promise<WebAssembly.Module> {
  wasm ??= (async () => {
    // Resolved from quickjs-emscripten's own dependencies so the binary matches the glue code it ships.
    const fromQuickJs = createRequire(require.resolve('quickjs-emscripten'));
    const bytes = await readFile(fromQuickJs.resolve('@jitl/quickjs-wasmfile-release-sync/wasm'));
    const compile = () => WebAssembly.compile(bytes);
    switch (options.tier ?? 'dynamic') {
      case 'baseline':
        return withBaselineWasmTier(compile);
      case 'optimized':
        return withOptimizedWasmTier(compile);
      case 'dynamic':
        return compile();
    }
  })();
  return wasm;
}

/**
 * `createScriptEngine` with the sandbox's libraries (SANDBOX_LIBRARIES, from `librariesDir` when a build wrote
 * them there) and the shared compiled wasm.
 */
export async function createNodeScriptEngine(
  options: ScriptEngineOptions & { librariesDir?: string | URL } = {},
): Promise<ScriptEngine> {
  const { librariesDir, ...engineOptions } = options;
  const modules = loadScriptModules(librariesDir === undefined ? {} : { prebuiltDir: librariesDir });
  const wasmModule = await loadQuickJsWasm();
  // Spread would read every getter (every library); copy the property descriptors instead.
  const merged = Object.defineProperties(
    {},
    Object.getOwnPropertyDescriptors(modules),
  ) as ScriptModuleSources;
  Object.assign(merged, engineOptions.modules);
  return createScriptEngine({ wasmModule, ...engineOptions, modules: merged });
}
