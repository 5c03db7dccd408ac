#!/usr/bin/env node
// `npm start`: build the web app, the server and the CLI only when their sources are newer than their last build,
// then run the server in this process. A fresh clone builds once (~10 s); later starts go straight to the server
// (the walk over the sources takes a few milliseconds).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = ['packages/core/src', 'packages/core/package.json', 'package-lock.json'];

/** What each built output depends on (folders are walked). */
const targets = [
  {
    workspace: 'apps/web',
    output: 'apps/web/dist/index.html',
    inputs: [
      'apps/web/src',
      'apps/web/public',
      'apps/web/index.html',
      'apps/web/vite.config.ts',
      'apps/web/package.json',
    ],
  },
  {
    workspace: 'apps/server',
    output: 'apps/server/dist/main.js',
    inputs: ['apps/server/src', 'apps/server/build.mjs', 'apps/server/package.json'],
  },
  {
    workspace: 'apps/cli',
    output: 'apps/cli/dist/apiplay.js',
    inputs: ['apps/cli/src', 'apps/cli/build.mjs', 'apps/cli/package.json'],
  },
];

function mtimeMs(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

const newest = new Map();

/** Newest modification time under `path` (a file or a folder walked recursively); each path is walked once. */
function newestMtime(path) {
  if (!newest.has(path)) {
    newest.set(path, walkNewestMtime(path));
  }
  return newest.get(path);
}

function walkNewestMtime(path) {
  const own = mtimeMs(path);
  if (own === undefined) {
    return 0;
  }
  let latest = own;
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) {
        latest = Math.max(latest, mtimeMs(join(entry.parentPath ?? entry.path, entry.name)) ?? 0);
      }
    }
  }
  return latest;
}

for (const target of targets) {
  const built = mtimeMs(join(root, target.output));
  const inputs = [...target.inputs, ...shared].map((p) => join(root, p));
  if (built !== undefined && inputs.every((p) => newestMtime(p) <= built)) {
    continue;
  }
  console.log(`building ${target.workspace} (${built === undefined ? 'not built yet' : 'sources changed'})`);
  const result = spawnSync('npm', ['run', 'build', '-w', target.workspace], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
}

await import(pathToFileURL(join(root, 'apps/server/dist/main.js')).href);
