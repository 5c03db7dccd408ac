// Bundles the CLI into dist/apiplay.js (+ lazily loaded chunks): @apiplay/core is inlined from its TypeScript
// sources (the `source` condition). npm packages are inlined too, except quickjs-emscripten (it loads its .wasm
// next to itself): resolving and loading ~100 CommonJS files (undici, tough-cookie, commander, …) was more than half
// of the startup time — measured 0.6–1.2 s → 0.2–0.4 s to import on the shared 2-core machine.
// `APIPLAY_EXTERNAL_DEPS=1 node build.mjs` keeps every npm package external instead (smaller dist, slower start).

import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
  entryPoints: [resolve(here, 'src/main.ts')],
  outdir: outDir,
  entryNames: 'apiplay',
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

// The script sandbox's libraries (chai 4, lodash, crypto-js, uuid, moment, ajv, tv4, csv-parse; the same list as core's
// node/script-modules.ts) are evaluated inside QuickJS from their
// single-file builds. Resolve them the way core does (from packages/core, which pins chai 4) and ship them next to
// the bundle, so the CLI does not depend on which chai the root node_modules happens to hold.
const coreRequire = createRequire(resolve(here, '../../packages/core/package.json'));
const sandboxFiles = {
  chai: ['chai', 'chai.js'],
  lodash: ['lodash', 'lodash.min.js'],
  'crypto-js': ['crypto-js', 'crypto-js.js'],
  uuid: ['uuid', 'dist/umd/uuid.min.js'],
  moment: ['moment', 'min/moment.min.js'],
  ajv: ['ajv', 'dist/ajv.min.js'],
  tv4: ['tv4', 'tv4.js'],
  'csv-parse/lib/sync': ['csv-parse', 'lib/browser/sync.js'],
};
mkdirSync(join(outDir, 'sandbox'), { recursive: true });
// QuickJS parses a library when a run first requires it (chai: every run with pm.expect), so the unminified ones
// (chai, crypto-js) ship without whitespace and comments: chai 360 → 110 kB, measured ~30 ms less CPU at startup.
// chai gets core's constructor patch first (scripts/fast-chai.ts), whose text match needs the original source.
const { fastChai } = await importTs(resolve(coreSrc, 'scripts/fast-chai.ts'));
for (const [name, [pkg, file]] of Object.entries(sandboxFiles)) {
  const dir = dirname(coreRequire.resolve(`${pkg}/package.json`));
  let source = readFileSync(join(dir, file), 'utf8');
  if (name === 'chai') {
    const patched = fastChai(source);
    if (patched === source) {
      throw new Error('packages/core/src/scripts/fast-chai.ts does not recognise this chai: update it');
    }
    source = patched;
  }
  if (!file.includes('.min.')) {
    source = (await transform(source, { minifyWhitespace: true, legalComments: 'none' })).code;
  }
  // Module names with a slash (csv-parse/lib/sync) are stored flat: sandbox/csv-parse__lib__sync.js.
  writeFileSync(join(outDir, `sandbox/${name.replaceAll('/', '__')}.js`), source);
}
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
