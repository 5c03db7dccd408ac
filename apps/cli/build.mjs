// Bundles the CLI into dist/apiplay.js: @apiplay/core is inlined from its TypeScript sources (the `source`
// condition), every other npm package stays external (installed alongside), so startup parses one small file.

import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const coreSrc = resolve(here, '../../packages/core/src');

/** Bare imports are external except our own workspace package. */
const externals = {
  name: 'externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@apiplay/') || args.path.startsWith('node:')) {
        return undefined;
      }
      return { path: args.path, external: true };
    });
  },
};

// Core modules have no import-time side effects: let esbuild drop the ones a command never reaches
// (importers, codegen and their heavy dependencies) so they are not loaded at startup.
const sideEffectFree = {
  name: 'core-side-effect-free',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'core-resolved' || args.kind === 'entry-point') {
        return undefined;
      }
      if (
        !args.path.startsWith('@apiplay/core') &&
        !(args.resolveDir.startsWith(coreSrc) && args.path.startsWith('.'))
      ) {
        return undefined;
      }
      const result = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'core-resolved',
      });
      if (result.errors.length > 0) {
        return { errors: result.errors };
      }
      return { ...result, sideEffects: false };
    });
  },
};

const started = Date.now();
// Chunk names carry content hashes: start clean so stale chunks never pile up.
rmSync(resolve(here, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: [resolve(here, 'src/main.ts')],
  outdir: resolve(here, 'dist'),
  entryNames: 'apiplay',
  chunkNames: 'chunks/[name]-[hash]',
  // Dynamic imports become lazily loaded chunks (script engine, native-format validation).
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['source'],
  plugins: [sideEffectFree, externals],
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
});
console.log(`built apps/cli/dist/apiplay.js in ${Date.now() - started} ms`);

// The script sandbox's libraries (chai 4, lodash, crypto-js, uuid) are evaluated inside QuickJS from their
// single-file builds. Resolve them the way core does (from packages/core, which pins chai 4) and ship them next to
// the bundle, so the CLI does not depend on which chai the root node_modules happens to hold.
const coreRequire = createRequire(resolve(here, '../../packages/core/package.json'));
const sandboxFiles = {
  chai: ['chai', 'chai.js'],
  lodash: ['lodash', 'lodash.min.js'],
  'crypto-js': ['crypto-js', 'crypto-js.js'],
  uuid: ['uuid', 'dist/umd/uuid.min.js'],
};
mkdirSync(resolve(here, 'dist/sandbox'), { recursive: true });
for (const [name, [pkg, file]] of Object.entries(sandboxFiles)) {
  const dir = dirname(coreRequire.resolve(`${pkg}/package.json`));
  copyFileSync(join(dir, file), resolve(here, `dist/sandbox/${name}.js`));
}
