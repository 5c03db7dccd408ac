// Bundles the CLI into dist/apiplay.js (+ lazily loaded chunks): @apiplay/core is inlined from its TypeScript
// sources (the `source` condition). npm packages are inlined too, except quickjs-emscripten (it loads its .wasm
// next to itself): resolving and loading ~100 CommonJS files (undici, tough-cookie, commander, …) was more than half
// of the startup time — measured 0.6–1.2 s → 0.2–0.4 s to import on the shared 2-core machine.
// `APIPLAY_EXTERNAL_DEPS=1 node build.mjs` keeps every npm package external instead (smaller dist, slower start).

import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const coreSrc = resolve(here, '../../packages/core/src');

const externalDeps = process.env.APIPLAY_EXTERNAL_DEPS === '1';

/** Which bare imports stay external (see the header). */
const externals = {
  name: 'externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@apiplay/') || args.path.startsWith('node:')) {
        return undefined;
      }
      if (!externalDeps && !args.path.startsWith('quickjs-emscripten') && !args.path.startsWith('@jitl/')) {
        return undefined;
      }
      return { path: args.path, external: true };
    });
  },
};

/** Load one of core's TypeScript modules (no runtime dependencies) from this plain-JS build script. */
async function importTs(path) {
  const out = await build({
    entryPoints: [path],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
  });
  const code = out.outputFiles[0]?.text ?? '';
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

const started = Date.now();
// Build into a fresh temporary folder and swap it in at the end: chunk names carry content hashes (no stale
// chunks pile up), and a concurrent run of the CLI (tests of other packages build too) never sees a half-written dist.
const outDir = resolve(here, `dist.tmp-${process.pid}`);
rmSync(outDir, { recursive: true, force: true });
await build({
  // load-thread.js: the entry of `apiplay load`'s worker threads (src/load/thread-worker.ts), sharing chunks.
  entryPoints: {
    apiplay: resolve(here, 'src/main.ts'),
    'load-thread': resolve(here, 'src/load/thread-worker.ts'),
  },
  outdir: outDir,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  // Dynamic imports become lazily loaded chunks (script engine, native-format validation).
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['source'],
  // Core's package.json says `"sideEffects": false`: esbuild drops the core modules a command never reaches
  // (importers, codegen and their heavy dependencies), so they are not loaded at startup.
  plugins: [externals],
  sourcemap: 'linked',
  legalComments: 'none',
  // Inlined CommonJS packages call require() for Node built-ins; give ESM output a real require.
  banner: {
    js: "import { createRequire as __apiplayCreateRequire } from 'node:module';\nconst require = __apiplayCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// The script sandbox's libraries (core's node/sandbox-libraries.ts: chai 4, lodash, …, cheerio, xml2js, Node's
// modules as browserify shims) are evaluated inside QuickJS from single files, read when a run first requires one.
// Written next to the bundle, resolved the way core does (from packages/core, which pins them), so the CLI does not
// depend on which versions the root node_modules happens to hold.
mkdirSync(join(outDir, 'sandbox'), { recursive: true });
const { writeSandboxLibraries } = await importTs(resolve(coreSrc, 'node/sandbox-libraries.ts'));
await writeSandboxLibraries(join(outDir, 'sandbox'), resolve(coreSrc, '..'), { build, transform });
const finalDir = resolve(here, 'dist');
const oldDir = resolve(here, `dist.old-${process.pid}`);
try {
  renameSync(finalDir, oldDir);
} catch {
  // first build: nothing to move away
}
renameSync(outDir, finalDir);
rmSync(oldDir, { recursive: true, force: true });
console.log(`built apps/cli/dist/apiplay.js in ${Date.now() - started} ms`);
