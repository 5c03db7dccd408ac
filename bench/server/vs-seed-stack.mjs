#!/usr/bin/env node
// Our server against the original design's stack (shared/anchors/seed-stack: Django + DRF + SimpleJWT + gunicorn
// sync×2 + PostgreSQL), side by side in one run, on the same data shapes (one user owning a workspace, a 5×100- and
// a 2×10-request tree) and the same `wrk -t2 -c10` load on GET /api/auth/me, the 20-request tree and the
// 500-request tree. Our server runs embedded (PGlite), in server mode on PostgreSQL, and in server mode with Redis.
// Prints req/s, p99 and the ratio to the seed stack per endpoint and mode.
//
// Usage: npm run build -w apps/server && node bench/server/vs-seed-stack.mjs [--duration 10] [--seed-stack DIR]
// Needs: wrk, PostgreSQL on 127.0.0.1:5432 (user postgres, trust), Redis on 127.0.0.1:6379 (REDIS_URL to change,
// NO_REDIS=1 to skip), the Debian packages the seed stack's README lists. The seed stack is copied to a temp dir.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg, freePort, requireBuiltServer, spawnBuiltServer, stopServer } from './built-server.mjs';

const duration = arg('duration', 10);
const seedSource = (() => {
  const i = process.argv.indexOf('--seed-stack');
  return i > 0 ? process.argv[i + 1] : '/work/shared/anchors/seed-stack';
})();
const redisUrl = process.env.NO_REDIS ? undefined : (process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/11');
const pgAdmin = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

requireBuiltServer();
if (!existsSync(join(seedSource, 'start.sh'))) {
  console.error(`${seedSource}/start.sh not found: pass --seed-stack <dir>`);
  process.exit(2);
}

/** One wrk run (after a 2 s warm-up): req/s and p99 in ms; throws on non-2xx answers or connection errors. */
function wrk(url, token) {
  const args = ['-t2', '-c10', '--timeout', '10s', '-H', `Authorization: Bearer ${token}`, url];
  spawnSync('wrk', ['-d2s', ...args], { stdio: 'ignore' });
  const out = execFileSync('wrk', [`-d${duration}s`, '--latency', ...args], { encoding: 'utf8' });
  if (/Non-2xx|Socket errors: connect [1-9]|read [1-9]|write [1-9]|timeout [1-9]/.test(out)) {
    throw new Error(`${url}: ${out}`);
  }
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const [, value, unit] = /99%\s+([\d.]+)(us|ms|s)/.exec(out) ?? [];
  const p99 = Number(value) * (unit === 'us' ? 0.001 : unit === 's' ? 1000 : 1);
  return { rps, p99 };
}

// The seed stack's shapes (api/management/commands/seed.py): methods cycle, two headers, a JSON body on POST/PUT,
// bearer auth on every other request.
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
function seedRequest(n) {
  const method = METHODS[n % 4];
  const hasBody = method === 'POST' || method === 'PUT';
  return {
    type: 'request',
    id: `r${n}`,
    name: `Request ${n}`,
    method,
    url: `{{baseUrl}}/items/${n}?page=1&limit=20`,
    headers: [
      { key: 'Accept', value: 'application/json' },
      { key: 'X-Trace-Id', value: `trace-${n}` },
    ],
    body: hasBody
      ? {
          mode: 'raw',
          raw: `{"id": ${n}, "name": "item ${n}", "tags": ["a", "b"], "active": true}`,
          language: 'json',
        }
      : { mode: 'none' },
    auth: n % 2 ? { type: 'bearer', token: '{{token}}' } : { type: 'none' },
  };
}

async function api(base, path, token, body) {
  const res = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) {
    throw new Error(`${path}: ${res.status} ${await res.text()}`);
  }
  return res.json();
}

/** Registers the one user and creates both trees; returns the URLs to load and the token. */
async function seedOurs(base) {
  const { accessToken: token } = await api(base, '/api/auth/register', undefined, {
    email: 'bench@example.com',
    password: 'Bench-Password-4242!',
    name: 'Bench User',
  });
  const workspaceId = (await api(base, '/api/workspaces', token)).items[0].id;
  let n = 0;
  const tree = async (name, folders, perFolder) => {
    const items = Array.from({ length: folders }, (_, f) => ({
      type: 'folder',
      id: `${name.replace(/\W/g, '')}-f${f + 1}`,
      name: `Folder ${f + 1}`,
      items: Array.from({ length: perFolder }, () => seedRequest(++n)),
    }));
    return (await api(base, `/api/workspaces/${workspaceId}/collections`, token, { name, items })).id;
  };
  const big = await tree('Big tree', 5, 100);
  const small = await tree('Small tree', 2, 10);
  return {
    token,
    urls: {
      me: `${base}/api/auth/me`,
      small: `${base}/api/collections/${small}`,
      big: `${base}/api/collections/${big}`,
    },
  };
}

function measure(label, { token, urls }) {
  const result = { me: wrk(urls.me, token), small: wrk(urls.small, token), big: wrk(urls.big, token) };
  const show = (r) => `${Math.round(r.rps)} req/s p99 ${r.p99.toFixed(1)} ms`;
  console.error(`${label}: me ${show(result.me)}; small ${show(result.small)}; big ${show(result.big)}`);
  return result;
}

async function runSeedStack() {
  const dir = mkdtempSync(join(tmpdir(), 'seed-stack-'));
  cpSync(seedSource, dir, { recursive: true });
  chmodSync(dir, 0o755); // start.sh runs psql as the postgres user from here
  const port = await freePort();
  const env = { ...process.env, PORT: String(port) };
  try {
    execFileSync('./start.sh', ['sync', '2'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'] });
    const base = `http://127.0.0.1:${port}`;
    const { access } = await api(base, '/api/auth/login', undefined, {
      email: 'bench@example.com',
      password: 'bench-password-1',
    });
    const q = (name) =>
      execFileSync(
        'psql',
        [
          '-h',
          '127.0.0.1',
          '-U',
          'playground',
          '-d',
          'playground',
          '-tAc',
          `SELECT id FROM api_collection WHERE name='${name}'`,
        ],
        { env: { ...env, PGPASSWORD: 'playground' }, encoding: 'utf8' },
      ).trim();
    return measure('seed stack', {
      token: access,
      urls: {
        me: `${base}/api/auth/me`,
        small: `${base}/api/collections/${q('Small tree')}`,
        big: `${base}/api/collections/${q('Big tree')}`,
      },
    });
  } finally {
    spawnSync('sh', ['-c', 'kill "$(cat gunicorn.pid)"'], { cwd: dir, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runOurs(mode) {
  const dataDir = mkdtempSync(join(tmpdir(), 'vs-seed-'));
  const dbName = `apiplay_vs_seed_${process.pid}_${mode.replace(/\W/g, '_')}`;
  const env = {};
  if (mode !== 'embedded') {
    execFileSync('psql', [
      pgAdmin,
      '-qc',
      `DROP DATABASE IF EXISTS ${dbName}`,
      '-c',
      `CREATE DATABASE ${dbName}`,
    ]);
    env.DATABASE_URL = pgAdmin.replace(/\/[^/]*$/, `/${dbName}`);
    env.JWT_SECRET = 'vs-seed-stack-bench-secret-0123456789abcdef';
    env.SECRETS_KEY = '00'.repeat(32);
    if (mode === 'server+redis') {
      env.REDIS_URL = redisUrl;
      // One process that is also its job worker, so /readyz sees a worker heartbeat.
      env.RUN_WORKER_IN_PROCESS = 'true';
      execFileSync('redis-cli', ['-u', redisUrl, 'flushdb'], { stdio: 'ignore' });
    }
  }
  const port = await freePort();
  const { child, base } = await spawnBuiltServer({ port, dataDir, logLevel: 'warn', env, pollMs: 50 });
  try {
    return measure(mode, await seedOurs(base));
  } finally {
    await stopServer(child);
    rmSync(dataDir, { recursive: true, force: true });
    if (mode !== 'embedded') {
      execFileSync('psql', [pgAdmin, '-qc', `DROP DATABASE IF EXISTS ${dbName}`]);
    }
  }
}

const modes = ['embedded', 'server', ...(redisUrl ? ['server+redis'] : [])];
const results = { seed: await runSeedStack() };
for (const mode of modes) {
  results[mode] = await runOurs(mode);
}

const endpoints = [
  ['me', 'GET /api/auth/me'],
  ['small', 'GET tree, 20 requests'],
  ['big', 'GET tree, 500 requests'],
];
const cell = (r, s) =>
  `${Math.round(r.rps)} req/s, p99 ${r.p99.toFixed(1)} ms (${(r.rps / s.rps).toFixed(1)}×)`;
console.log(
  `\nwrk -t2 -c10 -d${duration}s, one run; ratio = req/s ÷ seed stack's (target ≥ 5×, lower p99)\n`,
);
console.log(`| endpoint | seed stack (gunicorn sync×2) | ${modes.join(' | ')} |`);
console.log(`|---|---|${modes.map(() => '---').join('|')}|`);
let missed = 0;
for (const [key, label] of endpoints) {
  const s = results.seed[key];
  const cells = modes.map((m) => {
    const r = results[m][key];
    if (r.rps < 5 * s.rps || r.p99 >= s.p99) {
      missed++;
    }
    return cell(r, s);
  });
  console.log(`| ${label} | ${Math.round(s.rps)} req/s, p99 ${s.p99.toFixed(1)} ms | ${cells.join(' | ')} |`);
}
console.log(missed === 0 ? '\nall targets met' : `\n${missed} cell(s) below target`);
process.exitCode = missed === 0 ? 0 : 1;
