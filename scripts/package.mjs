#!/usr/bin/env node
// `npm run package`: a self-contained release of the server, the worker, the CLI and the web UI.
//
//   release/apiplay-<version>/          (or --out <dir>)
//     apps/server/dist/  main.js, worker.js, admin.js, chunks, migrations   (esbuild bundles, core inlined)
//     apps/web/dist/     the built UI (the server finds it at ../../web/dist from its bundle)
//     apps/cli/          bin/apiplay.js + dist/                  (`apiplay worker`/`admin` find the server's bundles)
//     package.json       generated: only what the bundles leave external, pinned to the versions built against
//     package-lock.json, node_modules/   `npm install --omit=dev` into the release, nothing else
//     .env.example, README.md, LICENSE
//   release/apiplay-<version>.tgz
//
// Run it with `node apps/server/dist/main.js` (or `npm start` inside the release), `npm run worker`, `npx apiplay`.
// Flags: --out <dir> (default ./release), --skip-build (reuse the current dist folders), --reuse-web (build the
// server and CLI but keep an existing web build), --no-tarball.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const version = rootPkg.version;
const outRoot = resolve(option('out') ?? join(root, 'release'));
const name = `apiplay-${version}`;
const dest = join(outRoot, name);
const log = (msg) => process.stdout.write(`package: ${msg}\n`);
const started = Date.now();

if (!flag('skip-build')) {
  // --reuse-web: keep an existing apps/web/dist (tests: other suites serve it while this runs; Vite empties it).
  const web = !(flag('reuse-web') && existsSync(join(root, 'apps/web/dist/index.html')));
  const workspaces = [...(web ? ['apps/web'] : []), 'apps/server', 'apps/cli'];
  log(`building ${workspaces.join(', ')}`);
  for (const w of workspaces) {
    execFileSync('npm', ['run', 'build', '-w', w], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
}
for (const built of [
  'apps/server/dist/main.js',
  'apps/server/dist/worker.js',
  'apps/server/dist/admin.js',
  'apps/web/dist/index.html',
  'apps/cli/dist/apiplay.js',
]) {
  if (!existsSync(join(root, built))) {
    throw new Error(`${built} is missing: run without --skip-build`);
  }
}

rmSync(dest, { recursive: true, force: true });
mkdirSync(dest, { recursive: true });
const copy = (from, to = from, filter = () => true) =>
  cpSync(join(root, from), join(dest, to), { recursive: true, filter: (src) => filter(src) });
const noMaps = (src) => !src.endsWith('.map');
copy('apps/server/dist', 'apps/server/dist', noMaps);
copy('apps/web/dist');
copy('apps/cli/dist', 'apps/cli/dist', noMaps);
copy('apps/cli/bin');
for (const file of ['.env.example', 'README.md', 'LICENSE']) {
  copy(file);
}

// What the bundles leave external (apps/server/build.mjs and apps/cli/build.mjs `external`), kept when a bundle
// names it (import, dynamic import or require.resolve) ...
const externals = [
  '@electric-sql/pglite',
  'quickjs-emscripten',
  '@jitl/quickjs-wasmfile-release-sync',
  'curlconverter',
  '@node-rs/argon2',
  'bullmq',
  'pg',
  'ioredis',
  // not external to esbuild, but its files are read at run time (plugins/api-docs.ts)
  'swagger-ui-dist',
];
let bundled = '';
function scan(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      scan(path);
    } else if (entry.name.endsWith('.js')) {
      bundled += readFileSync(path, 'utf8');
    }
  }
}
scan(join(dest, 'apps/server/dist'));
scan(join(dest, 'apps/cli/dist'));
const wanted = new Set(externals.filter((p) => bundled.includes(`"${p}"`) || bundled.includes(`"${p}/`)));
// ... plus the libraries the script sandbox reads as files at run time: no import names them. Read from the one
// table that lists them (core's node/script-modules.ts, `pkg: '…'`), so a library added there is packaged too.
// They resolve from packages/core, which pins them (chai 4).
const scriptModules = readFileSync(join(root, 'packages/core/src/node/script-modules.ts'), 'utf8');
for (const [, lib] of scriptModules.matchAll(/\bpkg: '([^']+)'/g)) {
  wanted.add(lib);
}

/** The version the bundle was built against: looked up the way Node would from the workspace that imports it. */
function installedVersion(pkg) {
  for (const from of ['packages/core', 'apps/server', 'apps/cli', '.']) {
    let dir = join(root, from);
    for (;;) {
      const manifest = join(dir, 'node_modules', pkg, 'package.json');
      if (existsSync(manifest)) {
        return JSON.parse(readFileSync(manifest, 'utf8')).version;
      }
      if (dir === root || dirname(dir) === dir) {
        break;
      }
      dir = dirname(dir);
    }
  }
  throw new Error(`${pkg} is imported by a bundle but not installed`);
}

const dependencies = Object.fromEntries([...wanted].sort().map((p) => [p, installedVersion(p)]));
writeFileSync(
  join(dest, 'package.json'),
  `${JSON.stringify(
    {
      name: 'apiplay-release',
      version,
      private: true,
      description: `${rootPkg.description} (release ${version})`,
      license: rootPkg.license,
      type: 'module',
      engines: rootPkg.engines,
      bin: { apiplay: 'apps/cli/bin/apiplay.js' },
      scripts: {
        start: 'node apps/server/dist/main.js',
        worker: 'node apps/server/dist/worker.js',
        admin: 'node apps/server/dist/admin.js',
      },
      dependencies,
    },
    null,
    2,
  )}\n`,
);
log(
  `installing ${Object.keys(dependencies).length} production dependencies: ${Object.keys(dependencies).join(', ')}`,
);
execFileSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], {
  cwd: dest,
  stdio: ['ignore', 'ignore', 'inherit'],
});

if (!flag('no-tarball')) {
  const tarball = join(outRoot, `${name}.tgz`);
  execFileSync('tar', ['-czf', tarball, '-C', outRoot, name]);
  log(`wrote ${tarball}`);
}
log(`release in ${dest} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
