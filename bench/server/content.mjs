#!/usr/bin/env node
// Server-content benchmarks (built tree, embedded mode):
//   1. POST /api/execute against the built-in echo vs calling the echo directly with undici (autocannon,
//      10 connections, alternating A B A B in the same run) → added p50 latency. Target ≤ 1 ms.
//   2. GET /api/collections/:id of a 5,000-request collection → p95 over sequential requests. Target ≤ 50 ms.
//   3. 200 WebSocket clients receiving 500 events/s (published on the Redis channel like another instance
//      would) → errors, drops, per-client counts, server RSS before/after. Needs REDIS_URL (skipped otherwise).
// Usage: npm run build -w apps/server && node bench/server/content.mjs [--duration 5] [--rounds 2]
//        [--ws-duration 10] [--ws-clients 200] [--ws-rate 500] [--parts 1,2,3]
//        (REDIS_URL=redis://127.0.0.1:6379 for part 3)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { WebSocket } from 'ws';
import {
  arg,
  freePort,
  median,
  requireBuiltServer,
  rssMb,
  spawnBuiltServer,
  stopServer,
} from './built-server.mjs';

const duration = arg('duration', 5);
const rounds = arg('rounds', 2);
const wsDuration = arg('ws-duration', 10);
const wsClients = arg('ws-clients', 200);
const wsRate = arg('ws-rate', 500);
const redisUrl = process.env.REDIS_URL;
// `--parts 2,3` runs only those parts (default: all).
const partsFlag = process.argv.indexOf('--parts');
const parts = new Set(
  (partsFlag > 0 ? process.argv[partsFlag + 1] : '1,2,3').split(',').map((p) => Number(p.trim())),
);

requireBuiltServer();

const pct = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function startServer(extraEnv = {}) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'apiplay-bench-content-'));
  const { child, base } = await spawnBuiltServer({
    port,
    dataDir,
    logLevel: 'warn',
    env: { BODY_LIMIT: '20mb', AUTH_RATE_LIMIT_PER_IP: '100000', ...extraEnv },
    pollMs: 20,
  });
  return {
    child,
    base,
    async stop() {
      await stopServer(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function register(base, i) {
  const res = await fetch(`${base}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `bench${i}-${Date.now()}@example.test`,
      password: 'Bench-Password-4242!',
      name: `Bench ${i}`,
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

function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: 10, duration, ...opts }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });
}

async function benchExecute(server) {
  // Executions are rate limited per user: spread the load over several users, as a team would.
  const users = await Promise.all(Array.from({ length: 8 }, (_, i) => register(server.base, i)));
  const target = `${server.base}/echo/bench?x=1`;
  const direct = [];
  const viaApi = [];
  for (let r = 0; r < rounds; r += 1) {
    const a = await cannon({ url: target });
    direct.push({ p50: a.latency.p50, rps: a.requests.average, errors: a.errors + a.non2xx });
    const b = await cannon({
      url: `${server.base}/api/execute`,
      requests: users.map((u) => ({
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${u.token}` },
        body: JSON.stringify({ workspaceId: u.workspaceId, request: { v: 1, id: 'b', url: target } }),
      })),
    });
    viaApi.push({ p50: b.latency.p50, rps: b.requests.average, errors: b.errors + b.non2xx });
  }
  const d = median(direct.map((x) => x.p50));
  const v = median(viaApi.map((x) => x.p50));
  return [
    [
      'echo direct (undici/autocannon)',
      `${d.toFixed(2)} ms p50`,
      `${median(direct.map((x) => x.rps)).toFixed(0)} req/s`,
      direct.reduce((s, x) => s + x.errors, 0),
    ],
    [
      'POST /api/execute → echo',
      `${v.toFixed(2)} ms p50`,
      `${median(viaApi.map((x) => x.rps)).toFixed(0)} req/s`,
      viaApi.reduce((s, x) => s + x.errors, 0),
    ],
    [
      'added by /api/execute',
      `${(v - d).toFixed(2)} ms p50`,
      'target ≤ 1 ms',
      `${v - d <= 1 ? 'MET' : 'MISSED'}`,
    ],
  ];
}

async function benchTree(server) {
  const u = await register(server.base, 'tree');
  const folders = Array.from({ length: 50 }, (_, f) => ({
    type: 'folder',
    id: `f${f}`,
    name: `Folder ${f}`,
    items: Array.from({ length: 100 }, (_, r) => ({
      type: 'request',
      id: `r${f}-${r}`,
      name: `Request ${f}/${r}`,
      method: r % 2 ? 'POST' : 'GET',
      url: `{{base}}/items/${f}/${r}?q=1`,
      headers: [{ key: 'X-Trace', value: `${f}-${r}` }],
      body: r % 2 ? { mode: 'raw', raw: '{"a":1}', language: 'json' } : { mode: 'none' },
    })),
  }));
  const created = await fetch(`${server.base}/api/workspaces/${u.workspaceId}/collections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${u.token}` },
    body: JSON.stringify({ name: '5k', items: folders }),
  });
  if (created.status !== 201) {
    throw new Error(`create 5k: ${created.status} ${await created.text()}`);
  }
  const { id } = await created.json();
  const times = [];
  let bytes = 0;
  for (let i = 0; i < 60; i += 1) {
    const t0 = performance.now();
    const res = await fetch(`${server.base}/api/collections/${id}`, {
      headers: { authorization: `Bearer ${u.token}` },
    });
    const body = await res.text();
    times.push(performance.now() - t0);
    bytes = body.length;
  }
  const warm = times.slice(10);
  const p95 = pct(warm, 95);
  return [
    [
      'GET /api/collections/:id (5,000 requests)',
      `${median(warm).toFixed(1)} ms p50`,
      `${p95.toFixed(1)} ms p95`,
      `${(bytes / 1024).toFixed(0)} KiB`,
    ],
    ['target p95 ≤ 50 ms', '', p95 <= 50 ? 'MET' : 'MISSED', ''],
  ];
}

async function benchWs(server) {
  const u = await register(server.base, 'ws');
  const url = `${server.base.replace('http', 'ws')}/ws`;
  const clients = [];
  let errors = 0;
  let drops = 0;
  for (let i = 0; i < wsClients; i += 1) {
    const socket = new WebSocket(url, ['apiplay', u.token]);
    const c = { socket, received: 0 };
    socket.on('message', (data) => {
      const msg = JSON.parse(String(data));
      if (msg.type === 'ready') {
        socket.send(JSON.stringify({ type: 'subscribe', workspaceId: u.workspaceId }));
      } else if (msg.type === 'event') {
        c.received += 1;
      } else if (msg.type === 'subscribed') {
        c.subscribed = true;
      }
    });
    socket.on('error', () => {
      errors += 1;
    });
    socket.on('close', (code) => {
      if (code === 4408) {
        drops += 1;
      }
    });
    clients.push(c);
  }
  while (!clients.every((c) => c.subscribed)) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const redis = new Redis(redisUrl);
  const rssBefore = rssMb(server.child.pid);
  const rssSamples = [];
  const total = wsRate * wsDuration;
  const t0 = performance.now();
  for (let sent = 0; sent < total; ) {
    // Publish in 10 ms slices to hold the rate.
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * wsRate));
    const pipe = redis.pipeline();
    for (; sent < due; sent += 1) {
      pipe.publish(
        'apiplay:events',
        JSON.stringify({
          id: String(sent),
          type: 'item.updated',
          workspaceId: u.workspaceId,
          actorId: null,
          data: { n: sent },
          at: new Date().toISOString(),
        }),
      );
    }
    await pipe.exec();
    if (sent % wsRate < 10) {
      rssSamples.push(rssMb(server.child.pid));
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, 1000));
  const counts = clients.map((c) => c.received);
  const rssAfter = rssMb(server.child.pid);
  for (const c of clients) {
    c.socket.close();
  }
  await redis.quit();
  return [
    [
      `${wsClients} clients × ${wsRate} events/s × ${wsDuration} s`,
      `${total} events sent`,
      `min ${Math.min(...counts)} / max ${Math.max(...counts)} received`,
      `errors ${errors}, dropped ${drops}`,
    ],
    [
      'server RSS',
      `${rssBefore.toFixed(0)} MB before`,
      `${Math.max(...rssSamples, rssAfter).toFixed(0)} MB peak`,
      `${rssAfter.toFixed(0)} MB after`,
    ],
  ];
}

function table(title, rows) {
  console.log(`\n${title}`);
  for (const r of rows) {
    console.log(`  ${r.map((c, i) => String(c).padEnd(i === 0 ? 44 : 26)).join('')}`);
  }
}

if (parts.has(1) || parts.has(2)) {
  const server = await startServer();
  try {
    if (parts.has(1)) {
      table(
        '1. Execute overhead (embedded, 10 connections, medians of alternating rounds)',
        await benchExecute(server),
      );
    }
    if (parts.has(2)) {
      table('2. Whole-tree read', await benchTree(server));
    }
  } finally {
    await server.stop();
  }
}
if (parts.has(3) && redisUrl) {
  const wsServer = await startServer({ REDIS_URL: redisUrl });
  try {
    table('3. Live events fan-out (Redis pub/sub → /ws)', await benchWs(wsServer));
  } finally {
    await wsServer.stop();
  }
} else if (parts.has(3)) {
  console.log('\n3. Live events fan-out: skipped (set REDIS_URL=redis://… to run it)');
}
