// Bundles the server: src/main.ts → dist/main.js, the script worker thread → dist/script-worker.js, src/worker.ts →
// dist/worker.js and src/admin.ts → dist/admin.js (`apiplay admin`).
// @apiplay/core is inlined from source, and so are the npm dependencies: resolving and evaluating ~600 separate
// CommonJS files (Fastify, its plugins, Zod, Drizzle, undici, …) was the largest part of boot — measured ≈0.6 s
// of CPU before /readyz on this 2-core machine. What stays external must load files next to itself at run time,
// or is native, or is loaded only in server mode (see `external`).
import { cpSync, existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const external = [
  // WebAssembly and data files resolved from their own module URL
  '@electric-sql/pglite',
  'quickjs-emscripten',
  '@jitl/quickjs-wasmfile-release-sync',
  'curlconverter',
  // native addons, and the optional ones `ws` and `pg` probe for
  '@node-rs/argon2',
  'bufferutil',
  'utf-8-validate',
  'pg-native',
  // reads its Lua scripts from its own folder
  'bullmq',
  // server mode only, imported lazily
  'pg',
  'ioredis',
  // only imported when running from source (the script pool bundles its worker then)
  'esbuild',
];

const entryPoints = [
  join(here, 'src', 'main.ts'),
  // the script pool's worker thread, beside main.js where the pool looks for it
  { in: join(here, 'src', 'infra', 'execution', 'script-worker.ts'), out: 'script-worker' },
];
for (const optional of ['worker.ts', 'admin.ts']) {
  if (existsSync(join(here, 'src', optional))) {
    entryPoints.push(join(here, 'src', optional));
  }
}

// Built into a fresh folder and swapped in at the end: tests that spawn dist/main.js while another test file
// rebuilds never find it half-written or missing (chunk names are content hashes, so an unchanged source tree
// yields the same files and a running server's lazy imports still resolve).
const dist = join(here, 'dist');
const out = join(here, `dist.tmp-${process.pid}`);
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints,
  outdir: out,
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  format: 'esm',
  // main.ts imports the app lazily so the database opens while Fastify and the routes load (shared chunks).
  splitting: true,
  chunkNames: 'chunk-[hash]', // in dist/ itself: app code resolves ../../web/dist and ./migrations from its own URL
  conditions: ['source'],
  external: external.flatMap((d) => [d, `${d}/*`]),
  sourcemap: true,
  logLevel: 'warning',
  // Some bundled CommonJS code calls require(); give ESM output a real one.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
});
cpSync(join(here, 'src', 'db', 'migrations'), join(out, 'migrations'), { recursive: true });
const old = join(here, `dist.old-${process.pid}`);
try {
  renameSync(dist, old);
} catch {
  // first build: nothing to move away
}
renameSync(out, dist);
rmSync(old, { recursive: true, force: true });
console.log(`built ${entryPoints.length} entry point(s) into ${dist}`);
