#!/usr/bin/env node
// Script isolation benchmark (embedded mode, built tree): latency of /healthz and of another user's
// GET /api/auth/me while four `while (true) {}` executions run, with scripts on the main thread
// (SCRIPT_WORKERS=0, the old path) and in the worker pool (SCRIPT_WORKERS, default = cores).
// Each loop is stopped by the engine's 5 s script limit; the probe sends /healthz then /me back to back every
// 10 ms until all four executions have answered, over one keep-alive connection per series.
// Usage: npm run build -w apps/server && node bench/server/script-isolation.mjs [--workers N] [--idle 200]
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg, freePort, requireBuiltServer, spawnBuiltServer, stopServer } from './built-server.mjs';

const workers = arg('workers', availableParallelism());
const idleSamples = arg('idle', 200);
const LOOPS = 4;
const target = 50; // ms, p99 of both series while the loops run (issue 12)

requireBuiltServer();

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.min(s.length - 1, Math.floor(s.length * p))];
};

async function register(base) {
  const email = `bench-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`;
  const reg = await fetch(`${base}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'bench-password-42', name: 'Bench' }),
  });
  if (reg.status !== 201) {
    throw new Error(`register: ${reg.status} ${await reg.text()}`);
  }
  const { accessToken } = await reg.json();
  const headers = { authorization: `Bearer ${accessToken}` };
  const ws = await (await fetch(`${base}/api/workspaces`, { headers })).json();
  return { headers, workspaceId: ws.items[0].id };
}

async function probe(base, observer, until) {
  const health = [];
  const me = [];
  for (let i = 0; i < 100_000 && !until(); i++) {
    const t0 = performance.now();
    const h = await fetch(`${base}/healthz`);
    await h.arrayBuffer();
    const t1 = performance.now();
    const m = await fetch(`${base}/api/auth/me`, { headers: observer.headers });
    await m.arrayBuffer();
    const t2 = performance.now();
    if (h.status !== 200 || m.status !== 200) {
      throw new Error(`probe: /healthz ${h.status}, /me ${m.status}`);
    }
    health.push(t1 - t0);
    me.push(t2 - t1);
    await new Promise((r) => setTimeout(r, 10));
  }
  return { health, me };
}

async function measure(scriptWorkers) {
  const dataDir = mkdtempSync(join(tmpdir(), 'apiplay-bench-isolation-'));
  const port = await freePort();
  const { child, base } = await spawnBuiltServer({
    port,
    dataDir,
    logLevel: 'warn',
    pollMs: 20,
    env: { SCRIPT_WORKERS: String(scriptWorkers), SCRIPT_CONCURRENCY_PER_USER: String(LOOPS) },
  });
  try {
    const [looper, observer] = [await register(base), await register(base)];
    const execute = (preRequest) =>
      fetch(`${base}/api/execute`, {
        method: 'POST',
        headers: { ...looper.headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          workspaceId: looper.workspaceId,
          request: {
            v: 1,
            id: 'bench',
            method: 'GET',
            url: `${base}/echo/get`,
            scripts: { preRequest, test: '' },
          },
        }),
      }).then(async (res) => ({ status: res.status, body: await res.json() }));
    // Warm-up: engines (and workers) loaded, caches filled.
    await execute('pm.variables.set("x", 1);');
    const idle = await probe(
      base,
      observer,
      (
        (n) => () =>
          n-- <= 0
      )(idleSamples),
    );
    let done = false;
    const t0 = performance.now();
    const loops = Promise.all(Array.from({ length: LOOPS }, () => execute('while (true) {}'))).then((r) => {
      done = true;
      return r;
    });
    const busy = await probe(base, observer, () => done);
    const results = await loops;
    const loopsMs = performance.now() - t0;
    const timedOut = results.filter(
      (r) => r.status === 200 && /time limit/.test(r.body.execution?.scriptFailures?.[0]?.message ?? ''),
    ).length;
    return { scriptWorkers, idle, busy, loopsMs, timedOut };
  } finally {
    await stopServer(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const before = await measure(0);
const after = await measure(workers);

const row = (label, r, series) => [
  label,
  String(r.scriptWorkers),
  String(r.busy[series].length),
  pct(r.idle[series], 0.99).toFixed(1),
  pct(r.busy[series], 0.5).toFixed(1),
  pct(r.busy[series], 0.99).toFixed(1),
  Math.max(...r.busy[series]).toFixed(0),
  (r.loopsMs / 1000).toFixed(1),
  `${r.timedOut}/${LOOPS}`,
];
const header = [
  'series',
  'SCRIPT_WORKERS',
  'samples',
  'idle p99 ms',
  'busy p50 ms',
  'busy p99 ms',
  'max ms',
  'loops s',
  'timed out',
];
const rows = [
  row('/healthz  in-process', before, 'health'),
  row('/healthz  pool', after, 'health'),
  row('/me       in-process', before, 'me'),
  row('/me       pool', after, 'me'),
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(`\n${LOOPS} × while (true) {} (5 s script limit each), probe every 10 ms\n`);
console.log(line(header));
for (const r of rows) {
  console.log(line(r));
}
for (const series of ['health', 'me']) {
  const p99Before = pct(before.busy[series], 0.99);
  const p99After = pct(after.busy[series], 0.99);
  const name = series === 'health' ? '/healthz' : '/api/auth/me';
  console.log(
    `\n${name}: busy p99 ${p99Before.toFixed(1)} ms → ${p99After.toFixed(1)} ms (${(p99Before / p99After).toFixed(0)}× lower); target < ${target} ms: ${p99After < target ? 'met' : 'NOT met'}`,
  );
}
