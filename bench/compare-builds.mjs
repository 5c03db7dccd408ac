#!/usr/bin/env node
// Before/after of two built checkouts of this repository, side by side in one run (alternating A B A B so a
// shared machine's drift hits both):
//   - runner: startup (1-request run) and per-request overhead ((wall(1000) − wall(1)) / 999), BENCHMARKS.md workload
//   - server (embedded mode): start → /readyz, `npm start` → /readyz, idle RSS, GET /api/auth/me req/s + p99,
//     GET /api/collections/:id of a 20-request and a 500-request tree, req/s + p99
// Usage: node bench/compare-builds.mjs --before ../baseline-checkout [--after .] [--runs 3] [--duration 5]
// Both checkouts must be built (`npm run build`). Prints one table with the ratio after / before.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { median, option, startEcho } from './runner/bench-helpers.mjs';
import { generate } from './runner/gen-collection.mjs';
import { freePort, rssMb, stopServer } from './server/built-server.mjs';

const args = process.argv.slice(2);
const beforeRoot = resolve(option(args, 'before', ''));
const afterRoot = resolve(option(args, 'after', '.'));
const runs = Number(option(args, 'runs', '3'));
const duration = Number(option(args, 'duration', '5'));
const builds = { before: beforeRoot, after: afterRoot };

for (const [label, root] of Object.entries(builds)) {
  for (const file of ['apps/server/dist/main.js', 'apps/cli/dist/apiplay.js']) {
    if (!existsSync(join(root, file))) {
      console.error(`${label}: ${join(root, file)} missing — run \`npm run build\` in ${root}`);
      process.exit(2);
    }
  }
}

/** Wall time of one CLI run, in ms. */
function timeRun(root, file, env) {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(root, 'apps/cli/bin/apiplay.js'), 'run', file, '-e', env], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code) =>
      code === 0 ? done(performance.now() - t0) : fail(new Error(`${root}: run exited ${code}\n${err}`)),
    );
  });
}

// One data directory per build, created by a first (unmeasured) start: later starts are warm, as a user's are.
const dataDirs = {};

async function startServer(root, { viaNpm = false } = {}) {
  const port = await freePort();
  dataDirs[root] ??= mkdtempSync(join(tmpdir(), 'apiplay-compare-'));
  const dataDir = dataDirs[root];
  const [cmd, argv] = viaNpm
    ? ['npm', ['start', '--silent']]
    : [process.execPath, ['apps/server/dist/main.js']];
  const t0 = performance.now();
  const child = spawn(cmd, argv, {
    cwd: root,
    detached: viaNpm,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      AUTH_RATE_LIMIT_PER_IP: '100000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`${root}: server exited ${child.exitCode}`);
    }
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) {
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return {
    child,
    base,
    readyMs: performance.now() - t0,
    async stop() {
      await stopServer(child);
    },
  };
}

async function register(base) {
  const res = await fetch(`${base}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `cmp-${Date.now()}-${Math.random()}@example.test`,
      password: 'Bench-Password-4242!',
      name: 'Bench',
    }),
  });
  if (res.status !== 201) {
    throw new Error(`register: ${res.status} ${await res.text()}`);
  }
  const { accessToken } = await res.json();
  const ws = await (
    await fetch(`${base}/api/workspaces`, { headers: { authorization: `Bearer ${accessToken}` } })
  ).json();
  return { token: accessToken, workspaceId: ws.items[0].id };
}

async function createTree(base, user, requests) {
  const perFolder = 20;
  const items = Array.from({ length: Math.ceil(requests / perFolder) }, (_, f) => ({
    type: 'folder',
    id: `f${f}`,
    name: `Folder ${f}`,
    items: Array.from({ length: Math.min(perFolder, requests - f * perFolder) }, (_, r) => ({
      type: 'request',
      id: `r${f}-${r}`,
      name: `Request ${f}/${r}`,
      method: r % 2 ? 'POST' : 'GET',
      url: `{{base}}/items/${f}/${r}?q=1`,
      headers: [{ key: 'X-Trace', value: `${f}-${r}` }],
      body: r % 2 ? { mode: 'raw', raw: '{"a":1}', language: 'json' } : { mode: 'none' },
    })),
  }));
  const res = await fetch(`${base}/api/workspaces/${user.workspaceId}/collections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` },
    body: JSON.stringify({ name: `${requests}`, items }),
  });
  if (res.status !== 201) {
    throw new Error(`create tree: ${res.status} ${await res.text()}`);
  }
  return (await res.json()).id;
}

async function load(url, token) {
  const opts = { url, connections: 10, headers: { authorization: `Bearer ${token}` } };
  await autocannon({ ...opts, duration: 1 });
  const r = await autocannon({ ...opts, duration });
  if (r.non2xx > 0 || r.errors > 0) {
    throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  }
  return { rps: r.requests.average, p99: r.latency.p99 };
}

async function serverRound(root) {
  const s = await startServer(root);
  let measured;
  try {
    await new Promise((r) => setTimeout(r, 1500));
    const rss = rssMb(s.child.pid);
    const user = await register(s.base);
    const tree20 = await createTree(s.base, user, 20);
    const tree500 = await createTree(s.base, user, 500);
    const me = await load(`${s.base}/api/auth/me`, user.token);
    const t20 = await load(`${s.base}/api/collections/${tree20}`, user.token);
    const t500 = await load(`${s.base}/api/collections/${tree500}`, user.token);
    measured = { rss, me, t20, t500 };
  } finally {
    await s.stop();
  }
  const npm = await startServer(root, { viaNpm: true });
  const npmReadyMs = npm.readyMs;
  await npm.stop();
  return { readyMs: s.readyMs, npmReadyMs, ...measured };
}

const results = { before: [], after: [] };
const runner = { before: { one: [], many: [] }, after: { one: [], many: [] } };
const outDir = mkdtempSync(join(tmpdir(), 'apiplay-compare-runner-'));
const echo = await startEcho();
try {
  const { files, env } = generate(outDir, [1, 1000], echo.url);
  for (const root of Object.values(builds)) {
    await (await startServer(root)).stop();
  }
  for (let r = 0; r < runs; r += 1) {
    const order = r % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
    for (const label of order) {
      runner[label].one.push(await timeRun(builds[label], files[1], env));
      runner[label].many.push(await timeRun(builds[label], files[1000], env));
      results[label].push(await serverRound(builds[label]));
      process.stdout.write(`  round ${r + 1}/${runs} ${label} done\n`);
    }
  }
} finally {
  echo.child.kill();
  rmSync(outDir, { recursive: true, force: true });
  for (const dir of Object.values(dataDirs)) {
    rmSync(dir, { recursive: true, force: true });
  }
}

const med = (label, pick) => median(results[label].map(pick));
const perRequest = (label) => (median(runner[label].many) - median(runner[label].one)) / 999;
const rows = [
  ['runner startup, 1-request run (ms)', median(runner.before.one), median(runner.after.one), 'lower'],
  ['runner per-request overhead (ms)', perRequest('before'), perRequest('after'), 'lower'],
  ['server start → /readyz (ms)', med('before', (x) => x.readyMs), med('after', (x) => x.readyMs), 'lower'],
  [
    '`npm start` → /readyz (ms)',
    med('before', (x) => x.npmReadyMs),
    med('after', (x) => x.npmReadyMs),
    'lower',
  ],
  ['idle RSS after boot (MB)', med('before', (x) => x.rss), med('after', (x) => x.rss), 'lower'],
  ['GET /api/auth/me (req/s)', med('before', (x) => x.me.rps), med('after', (x) => x.me.rps), 'higher'],
  ['GET /api/auth/me p99 (ms)', med('before', (x) => x.me.p99), med('after', (x) => x.me.p99), 'lower'],
  ['GET 20-request tree (req/s)', med('before', (x) => x.t20.rps), med('after', (x) => x.t20.rps), 'higher'],
  ['GET 20-request tree p99 (ms)', med('before', (x) => x.t20.p99), med('after', (x) => x.t20.p99), 'lower'],
  [
    'GET 500-request tree (req/s)',
    med('before', (x) => x.t500.rps),
    med('after', (x) => x.t500.rps),
    'higher',
  ],
  [
    'GET 500-request tree p99 (ms)',
    med('before', (x) => x.t500.p99),
    med('after', (x) => x.t500.p99),
    'lower',
  ],
];
console.log(
  `\nbefore: ${beforeRoot}\nafter:  ${afterRoot}\nmedians of ${runs} alternating rounds, autocannon 10 conns × ${duration}s`,
);
console.table(
  rows.map(([metric, b, a, better]) => ({
    metric,
    before: Number(b.toFixed(2)),
    after: Number(a.toFixed(2)),
    'after / before': Number((a / b).toFixed(2)),
    better,
  })),
);
