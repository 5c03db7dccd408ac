#!/usr/bin/env node
// Server-content benchmarks (built tree, embedded mode):
//   1. POST /api/execute against the built-in echo vs calling the echo directly with undici (autocannon,
//      10 connections, alternating A B A B in the same run) → added p50 latency. Target ≤ 1 ms. Measured
//      closed-loop (saturated: p50 ≈ 10 × serialized cost, i.e. throughput) and open-loop at a uniform --rate
//      (latency), with the server's CPU per request.
//   2. GET /api/collections/:id of a 5,000-request collection → p95 over sequential requests. Target ≤ 50 ms.
//   3. 200 WebSocket clients receiving 500 events/s (published on the Redis channel like another instance
//      would) → errors, drops, per-client counts (min/median), latency p50/p99, server RSS at 5 s/mid/end.
//      Without REDIS_URL: the embedded in-process bus, fed by real writes (as many as the database takes).
// Usage: npm run build -w apps/server && node bench/server/content.mjs [--duration 5] [--rounds 2] [--rate 100]
//        [--ws-duration 10] [--ws-clients 200] [--ws-rate 500] [--parts 1,2,3]
//        (REDIS_URL=redis://127.0.0.1:6379 for part 3)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { Pool } from 'undici';
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
const rate = arg('rate', 100);
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

const ms = (x) => `${x.toFixed(2)} ms`;
const rps = (x) => `${x.toFixed(0)} req/s`;
/** Server CPU time (user + system) in ms, from /proc (clock ticks of 10 ms). */
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

/**
 * One autocannon run (10 connections). Latencies are collected per response at sub-millisecond resolution
 * (autocannon's own percentiles are whole milliseconds); CPU is the server process's over the run.
 */
function cannon(server, opts) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const cpu0 = cpuMs(server.child.pid);
    const instance = autocannon({ connections: 10, duration, ...opts }, (err, result) => {
      if (err) {
        reject(err);
        return;
      }
      const done = result.requests.total;
      resolve({
        p50: pct(latencies, 50),
        rps: result.requests.average,
        cpuPerRequest: (cpuMs(server.child.pid) - cpu0) / Math.max(1, done),
        errors: result.errors + result.non2xx,
      });
    });
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status < 300) {
        latencies.push(ms);
      }
    });
  });
}

/**
 * Open loop at a uniform `rate` (one request every 1000/rate ms over a pool of 10 connections, sent on schedule
 * whether or not earlier ones are done). autocannon's `overallRate` is not used here: each connection sends its
 * whole per-second quota back to back at the start of every second, so its "fixed rate" is a burst of
 * closed-loop load and its p50 measures queueing, not one request's latency.
 */
async function paced(server, { url, requests }) {
  const pool = new Pool(new URL(url).origin, { connections: 10 });
  const path = new URL(url).pathname + new URL(url).search;
  const latencies = [];
  let errors = 0;
  const total = rate * duration;
  const cpu0 = cpuMs(server.child.pid);
  const t0 = performance.now();
  const sent = [];
  for (let i = 0; i < total; i += 1) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 0) {
      await new Promise((r) => setTimeout(r, wait));
    }
    const { method = 'GET', headers = {}, body } = requests?.[i % requests.length] ?? {};
    const start = performance.now();
    sent.push(
      pool.request({ path, method, headers, body }).then(
        async (res) => {
          await res.body.text();
          if (res.statusCode < 300) {
            latencies.push(performance.now() - start);
          } else {
            errors += 1;
          }
        },
        () => {
          errors += 1;
        },
      ),
    );
  }
  await Promise.all(sent);
  const elapsed = (performance.now() - t0) / 1000;
  await pool.close();
  return {
    p50: pct(latencies, 50),
    rps: total / elapsed,
    cpuPerRequest: (cpuMs(server.child.pid) - cpu0) / total,
    errors,
  };
}

/** Median of each figure over the rounds, and the error total. */
const summarise = (runs) => ({
  p50: median(runs.map((x) => x.p50)),
  rps: median(runs.map((x) => x.rps)),
  cpuPerRequest: median(runs.map((x) => x.cpuPerRequest)),
  errors: runs.reduce((s, x) => s + x.errors, 0),
});

/**
 * Direct echo (A) and /api/execute → echo (B), alternating A B A B, in two regimes:
 * - closed loop: 10 connections as fast as the server answers. Saturated, so p50 ≈ 10 × the serialized
 *   cost per request: the figure measures throughput. This is the target as written.
 * - open loop at a uniform `--rate` (default 100 req/s, see `paced`): unsaturated, so p50 is the latency one
 *   execute adds to the echo it wraps.
 * Server CPU per request says where the time goes (the execute row includes the echo it calls).
 */
async function benchExecute(server) {
  // Executions are rate limited per user: spread the load over several users, as a team would.
  const users = await Promise.all(Array.from({ length: 32 }, (_, i) => register(server.base, i)));
  const target = `${server.base}/echo/bench?x=1`;
  const direct = { url: target };
  const viaApi = {
    url: `${server.base}/api/execute`,
    requests: users.map((u) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${u.token}` },
      body: JSON.stringify({ workspaceId: u.workspaceId, request: { v: 1, id: 'b', url: target } }),
    })),
  };
  const regimes = [
    { name: 'closed loop (saturated → throughput)', run: cannon },
    { name: `uniform ${rate} req/s (unsaturated → latency)`, run: paced },
  ];
  const rows = [];
  for (const regime of regimes) {
    const a = [];
    const b = [];
    for (let r = 0; r < rounds; r += 1) {
      a.push(await regime.run(server, direct));
      b.push(await regime.run(server, viaApi));
    }
    const d = summarise(a);
    const v = summarise(b);
    const added = v.p50 - d.p50;
    rows.push(
      [regime.name, 'p50', 'throughput', 'server CPU/request', 'errors'],
      ['  echo direct (undici/autocannon)', ms(d.p50), rps(d.rps), ms(d.cpuPerRequest), d.errors],
      ['  POST /api/execute → echo', ms(v.p50), rps(v.rps), ms(v.cpuPerRequest), v.errors],
      [
        '  added by /api/execute',
        `${ms(added)} (×${(v.p50 / d.p50).toFixed(1)})`,
        `target ≤ 1 ms: ${added <= 1 ? 'MET' : 'MISSED'}`,
        ms(v.cpuPerRequest - d.cpuPerRequest),
        '',
      ],
    );
  }
  return rows;
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
  // Anchor, alternated with the tree: the smallest authorized read (the workspace's collection list), so the
  // machine's noise shows in both columns and the ratio is what the tree itself costs.
  const timed = async (path) => {
    const t0 = performance.now();
    const res = await fetch(`${server.base}${path}`, { headers: { authorization: `Bearer ${u.token}` } });
    const body = await res.text();
    return { ms: performance.now() - t0, bytes: body.length };
  };
  const tree = [];
  const anchor = [];
  let bytes = 0;
  for (let i = 0; i < 110; i += 1) {
    const t = await timed(`/api/collections/${id}`);
    anchor.push((await timed(`/api/workspaces/${u.workspaceId}/collections`)).ms);
    tree.push(t.ms);
    bytes = t.bytes;
  }
  const warm = tree.slice(10);
  const warmAnchor = anchor.slice(10);
  const p95 = pct(warm, 95);
  return [
    [
      'GET /api/collections/:id (5,000 requests)',
      `${median(warm).toFixed(1)} ms p50`,
      `${p95.toFixed(1)} ms p95`,
      `${(bytes / 1024).toFixed(0)} KiB`,
    ],
    [
      'anchor: GET /api/workspaces/:id/collections',
      `${median(warmAnchor).toFixed(1)} ms p50`,
      `${pct(warmAnchor, 95).toFixed(1)} ms p95`,
      `tree/anchor p50 ×${(median(warm) / median(warmAnchor)).toFixed(1)}`,
    ],
    ['target p95 ≤ 50 ms', '', p95 <= 50 ? 'MET' : 'MISSED', ''],
  ];
}

// A server message is `{"type":"event",…}`: counting by prefix keeps the 200 clients' JSON parsing out of the
// figure; every 10th client parses everything to measure latency (event `at` → receipt, same clock).
const EVENT_PREFIX = Buffer.from('{"type":"event"');
const LATENCY_SAMPLE_EVERY = 10;

async function connectWsClients(server, u) {
  const url = `${server.base.replace('http', 'ws')}/ws`;
  const state = { errors: 0, drops: 0, latencies: [], clients: [] };
  for (let i = 0; i < wsClients; i += 1) {
    const socket = new WebSocket(url, ['apiplay', u.token]);
    const c = { socket, received: 0, subscribed: false };
    const sampled = i % LATENCY_SAMPLE_EVERY === 0;
    socket.on('message', (data) => {
      if (data.subarray(0, EVENT_PREFIX.length).equals(EVENT_PREFIX)) {
        c.received += 1;
        if (sampled) {
          state.latencies.push(Date.now() - Date.parse(JSON.parse(String(data)).event.at));
        }
        return;
      }
      const msg = JSON.parse(String(data));
      if (msg.type === 'ready') {
        socket.send(JSON.stringify({ type: 'subscribe', workspaceId: u.workspaceId }));
      } else if (msg.type === 'subscribed') {
        c.subscribed = true;
      }
    });
    socket.on('error', () => {
      state.errors += 1;
    });
    socket.on('close', (code) => {
      if (code === 4408) {
        state.drops += 1;
      }
    });
    state.clients.push(c);
  }
  while (!state.clients.every((c) => c.subscribed)) {
    await new Promise((r) => setTimeout(r, 20));
  }
  return state;
}

/** Events published on the Redis channel, as another instance would. */
function redisEventSource(u) {
  const redis = new Redis(redisUrl);
  return {
    async emit(from, to) {
      const pipe = redis.pipeline();
      for (let n = from; n < to; n += 1) {
        const event = { id: String(n), type: 'item.updated', workspaceId: u.workspaceId, actorId: null };
        pipe.publish(
          'apiplay:events',
          JSON.stringify({ ...event, data: { n }, at: new Date().toISOString() }),
        );
      }
      await pipe.exec();
      return to - from;
    },
    close: () => redis.quit(),
  };
}

/**
 * No Redis: real writes (environment renames) so the server's in-process bus emits the events, one per write.
 * At most 16 writes in flight: if the database cannot take the rate, fewer events go out (reported) instead of
 * the bench piling up connections.
 */
async function httpEventSource(server, u) {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${u.token}` };
  const res = await fetch(`${server.base}/api/workspaces/${u.workspaceId}/environments`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: 'bench', variables: [] }),
  });
  const { id } = await res.json();
  let queued = 0;
  let ok = 0;
  const writer = async () => {
    while (queued > 0) {
      queued -= 1;
      const r = await fetch(`${server.base}/api/environments/${id}`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ name: `bench ${ok}` }),
      });
      await r.arrayBuffer();
      ok += r.status === 200 ? 1 : 0;
    }
  };
  const writers = new Set();
  return {
    async emit(from, to) {
      queued += to - from;
      while (writers.size < 16 && queued > writers.size) {
        const w = writer().finally(() => writers.delete(w));
        writers.add(w);
      }
      return to - from;
    },
    /** Events actually emitted: one per successful write. */
    async settle() {
      queued = 0;
      await Promise.all(writers);
      return ok;
    },
    close: async () => undefined,
  };
}

async function benchWs(server, user, source) {
  const state = await connectWsClients(server, user);
  const pid = server.child.pid;
  // RSS from 5 s on (the first-start database setup has been given back by then): at 5 s, mid-run, peak, end.
  // V8 lets the heap grow between major collections, so a sawtooth (not a climb) is what flat looks like.
  const rss = { early: 0, mid: 0, peak: 0, end: 0 };
  const total = wsRate * wsDuration;
  const t0 = performance.now();
  for (let sent = 0; sent < total; ) {
    // Emit in 10 ms slices to hold the rate.
    const elapsed = performance.now() - t0;
    const due = Math.min(total, Math.floor((elapsed / 1000) * wsRate));
    sent += await source.emit(sent, due);
    const now = rssMb(pid);
    rss.early ||= elapsed >= 5000 ? now : 0;
    rss.peak = rss.early ? Math.max(rss.peak, now) : 0;
    rss.mid ||= elapsed >= (wsDuration * 1000) / 2 ? now : 0;
    await new Promise((r) => setTimeout(r, 10));
  }
  const publishSeconds = (performance.now() - t0) / 1000;
  const emitted = (await source.settle?.()) ?? total;
  // Wait (up to 15 s) for every connected client to catch up; the time it takes is the backlog clients had.
  const t1 = performance.now();
  const open = () => state.clients.filter((c) => c.socket.readyState === WebSocket.OPEN);
  while (open().some((c) => c.received < emitted) && performance.now() - t1 < 15_000) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const drainMs = performance.now() - t1;
  const counts = state.clients.map((c) => c.received);
  rss.end = rssMb(pid);
  for (const c of state.clients) {
    c.socket.close();
  }
  await source.close();
  const lat = state.latencies;
  return [
    [
      `${wsClients} clients × ${wsRate} events/s × ${wsDuration} s`,
      `${emitted} events in ${publishSeconds.toFixed(1)} s`,
      `received min ${Math.min(...counts)} / median ${median(counts)}`,
      `errors ${state.errors}, dropped ${state.drops}`,
    ],
    [
      'event latency (at → client)',
      `p50 ${pct(lat, 50)} ms`,
      `p99 ${pct(lat, 99)} ms`,
      `drain after last ${drainMs.toFixed(0)} ms`,
    ],
    [
      'server RSS',
      `${rss.early.toFixed(0)} MB at 5 s`,
      `${rss.mid.toFixed(0)} MB mid / ${rss.peak.toFixed(0)} MB peak`,
      `${rss.end.toFixed(0)} MB end`,
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
if (parts.has(3)) {
  // With REDIS_URL: events arrive over Redis pub/sub. Without: the embedded in-process bus, fed by real writes.
  const wsServer = await startServer(redisUrl ? { REDIS_URL: redisUrl } : {});
  try {
    const user = await register(wsServer.base, 'ws');
    const source = redisUrl ? redisEventSource(user) : await httpEventSource(wsServer, user);
    const title = redisUrl ? 'Redis pub/sub → /ws' : 'embedded in-process bus (environment writes) → /ws';
    table(`3. Live events fan-out (${title})`, await benchWs(wsServer, user, source));
  } finally {
    await wsServer.stop();
  }
}
