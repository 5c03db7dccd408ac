// Bundles the server: src/main.ts → dist/main.js (and src/worker.ts → dist/worker.js when present).
// @apiplay/core is inlined from source; other npm dependencies stay external (installed by npm ci).
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const corePkg = JSON.parse(readFileSync(join(here, '..', '..', 'packages', 'core', 'package.json'), 'utf8'));
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(corePkg.dependencies ?? {})].filter(
  (d) => d !== '@apiplay/core',
);

const entryPoints = [join(here, 'src', 'main.ts')];
if (existsSync(join(here, 'src', 'worker.ts'))) {
  entryPoints.push(join(here, 'src', 'worker.ts'));
}

const dist = join(here, 'dist');
rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints,
  outdir: dist,
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
cpSync(join(here, 'src', 'db', 'migrations'), join(dist, 'migrations'), { recursive: true });
console.log(`built ${entryPoints.length} entry point(s) into ${dist}`);
