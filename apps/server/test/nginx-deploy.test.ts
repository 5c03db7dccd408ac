import { type ChildProcess, execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, freePort, isolatedStores, spawnLabelled, waitFor as waitUntil, wsClient } from './spawn-built';

/**
 * Issue 15 item 1: deploy/nginx.conf, for real. Debian's nginx runs that file (only the upstream servers, the
 * listen address and file paths rewritten) in front of two built server processes and one worker on PostgreSQL +
 * Redis, and everything below goes through nginx: sign in, a teammate's edit on one instance reaching a /ws client
 * on the other, a collection run executed by the worker and streamed to a client, caching and gzip of assets, the
 * body limit.
 */
const NGINX = '/usr/sbin/nginx';
const dbUrl = process.env.TEST_DATABASE_URL ?? '';
const redisUrl = process.env.TEST_REDIS_URL ?? '';
const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(serverDir, '..', '..');
const skip = !existsSync(NGINX)
  ? `nginx test skipped: ${NGINX} not found (apt-get install -y nginx)`
  : !dbUrl || !redisUrl
    ? 'nginx test skipped: needs TEST_DATABASE_URL and TEST_REDIS_URL'
    : false;
const STEPS = 5;

const procs: ChildProcess[] = [];
let prefix = '';
let target: Server;
let targetBase = '';
let dropDb: (() => Promise<void>) | undefined;
let a = '';
let b = '';
let nginxBase = '';
let nginxOut = '';

function start(label: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawnLabelled(procs, label, args, env, (d) => {
    if (label === 'nginx') {
      nginxOut += d;
    } else {
      process.stderr.write(`[${label}] ${d}`);
    }
  });
}

async function waitFor(url: string, ok?: (status: number) => boolean): Promise<void> {
  await waitUntil(url, ok, () => (nginxOut ? `\nnginx: ${nginxOut}` : ''));
}

/**
 * deploy/nginx.conf as it is, with what differs on this machine: the app servers' addresses, the listen address,
 * one worker process, and logs, pid and temp files under the test's prefix.
 */
function templateNginxConf(
  conf: string,
  opts: { prefix: string; listen: string; upstreams: string[] },
): string {
  const { prefix: p } = opts;
  let out = conf.replace(
    /upstream apiplay \{[^}]*\}/,
    `upstream apiplay {\n${opts.upstreams.map((u) => `    server ${u} max_fails=3 fail_timeout=10s;`).join('\n')}\n    keepalive 32;\n  }`,
  );
  out = out.replace(/^(\s*)listen 80;$/m, `$1listen ${opts.listen};`);
  out = out.replace(
    /^worker_processes auto;$/m,
    `worker_processes 1;\npid ${p}/nginx.pid;\nerror_log ${p}/error.log;`,
  );
  out = out.replace('access_log /dev/stdout apiplay;', `access_log ${p}/access.log apiplay;`);
  out = out.replace(
    /^http \{$/m,
    [
      'http {',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${p}/tmp/${t};`),
    ].join('\n'),
  );
  for (const [from, changed] of [
    ['upstream', out.includes(opts.upstreams[0] ?? '-')],
    ['listen', out.includes(`listen ${opts.listen};`)],
    ['pid', out.includes(`pid ${p}/nginx.pid;`)],
  ] as const) {
    if (!changed) {
      throw new Error(`deploy/nginx.conf changed shape: could not rewrite its ${from}`);
    }
  }
  return out;
}

describe.skipIf(skip)(skip || 'deploy/nginx.conf in front of two servers and a worker', () => {
  beforeAll(async () => {
    execFileSync(process.execPath, [join(serverDir, 'build.mjs')], { cwd: serverDir, stdio: 'ignore' });
    if (!existsSync(join(repo, 'apps', 'web', 'dist', 'index.html'))) {
      execFileSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: repo, stdio: 'ignore' });
    }
    const stores = await isolatedStores(dbUrl, redisUrl, 'apiplay_nginx');
    dropDb = stores.drop;
    prefix = mkdtempSync(join(tmpdir(), 'apiplay-nginx-'));
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: stores.databaseUrl,
      REDIS_URL: stores.redisUrl,
      JWT_SECRET: randomBytes(32).toString('hex'),
      SECRETS_KEY: randomBytes(32).toString('hex'),
      METRICS_TOKEN: randomBytes(16).toString('hex'),
      DATA_DIR: join(prefix, 'data'),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: '127.0.0.1',
      EXECUTION_ALLOWED_HOSTS: '127.0.0.1',
      RUN_WORKER_IN_PROCESS: 'false',
      BODY_LIMIT: '1mb',
      IMPORT_MAX_BYTES: '20mb',
    };
    target = createServer((req, res) => {
      setTimeout(() => res.end(JSON.stringify({ path: req.url })), 100);
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    targetBase = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;

    const [pa, pb, pn] = [await freePort(), await freePort(), await freePort()];
    a = `http://127.0.0.1:${pa}`;
    b = `http://127.0.0.1:${pb}`;
    nginxBase = `http://127.0.0.1:${pn}`;
    const main = join(serverDir, 'dist', 'main.js');
    // All three at once, as compose starts them: migrations are serialized by an advisory lock.
    start('A', [process.execPath, main], { ...env, PORT: String(pa) });
    start('B', [process.execPath, main], { ...env, PORT: String(pb) });
    start('worker', [process.execPath, join(serverDir, 'dist', 'worker.js')], env);

    for (const dir of ['conf/tls.d', 'tmp', 'logs']) {
      mkdirSync(join(prefix, dir), { recursive: true });
    }
    copyFileSync('/etc/nginx/mime.types', join(prefix, 'conf', 'mime.types'));
    const conf = templateNginxConf(readFileSync(join(repo, 'deploy', 'nginx.conf'), 'utf8'), {
      prefix,
      listen: `127.0.0.1:${pn}`,
      upstreams: [`127.0.0.1:${pa}`, `127.0.0.1:${pb}`],
    });
    writeFileSync(join(prefix, 'conf', 'nginx.conf'), conf);
    const nginxArgs = [
      '-p',
      prefix,
      '-c',
      join(prefix, 'conf', 'nginx.conf'),
      '-e',
      join(prefix, 'error.log'),
    ];
    const check = spawnSync(NGINX, [...nginxArgs, '-t'], { encoding: 'utf8' });
    if (check.status !== 0) {
      throw new Error(`nginx -t failed:\n${check.stderr}`);
    }
    start('nginx', [NGINX, ...nginxArgs, '-g', 'daemon off;'], {});
    await waitFor(`${a}/healthz`);
    await waitFor(`${b}/healthz`);
    await waitFor(`${nginxBase}/healthz`);
  }, 180_000);

  afterAll(async () => {
    for (const p of procs) {
      p.kill('SIGKILL');
    }
    target?.close();
    await dropDb?.();
    if (prefix) {
      rmSync(prefix, { recursive: true, force: true });
    }
  });

  it('nginx -t accepts deploy/nginx.conf', () => {
    const r = spawnSync(
      NGINX,
      ['-t', '-p', prefix, '-c', join(prefix, 'conf', 'nginx.conf'), '-e', join(prefix, 'error.log')],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('test is successful');
  });

  it('is ready through nginx once the worker beats; /metrics is not published', async () => {
    await waitFor(`${nginxBase}/readyz`);
    const ready = await api(nginxBase, '', 'GET', '/readyz');
    expect(ready.json).toEqual({
      status: 'ready',
      checks: { database: { ok: true }, redis: { ok: true }, queue: { ok: true }, storage: { ok: true } },
      failed: [],
    });
    expect((await fetch(`${nginxBase}/metrics`)).status).toBe(404);
  });

  it('serves the UI: hashed assets cached for a year and gzipped, index.html revalidated', async () => {
    const index = await fetch(`${nginxBase}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${nginxBase}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    // plain HTTP through the proxy: no HSTS, no upgrade-insecure-requests, even if the client claims https
    const spoofed = await fetch(`${nginxBase}/`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(spoofed.headers.get('strict-transport-security')).toBeNull();
    expect(spoofed.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
  });

  it('refuses bodies over BODY_LIMIT at the proxy', async () => {
    const res = await fetch(`${nginxBase}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'big@example.test', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    // nginx's own page: the body never reached an app server
    expect(await res.text()).toContain('Request Entity Too Large');
  });

  it("signs in, shows a teammate's edit on either instance to a /ws client, and streams a worker's run", async () => {
    const password = 'Correct-Horse-Battery-42!';
    const owner = await api(nginxBase, '', 'POST', '/api/auth/register', {
      email: 'owner@nginx.test',
      password,
      name: 'Owner',
    });
    expect(owner.status).toBe(201);
    const login = await api(nginxBase, '', 'POST', '/api/auth/login', {
      email: 'owner@nginx.test',
      password,
    });
    expect(login.status).toBe(200);
    const token = String(login.json.accessToken);
    const me = await api(nginxBase, token, 'GET', '/api/auth/me');
    expect(me.status).toBe(200);
    const workspaceId = (
      (await api(nginxBase, token, 'GET', '/api/workspaces')).json.items as { id: string }[]
    )[0]?.id as string;

    // A teammate joins the workspace as an editor.
    const invite = await api(nginxBase, token, 'POST', `/api/workspaces/${workspaceId}/invitations`, {
      email: 'mate@nginx.test',
      role: 'editor',
    });
    expect(invite.status).toBe(201);
    const mate = await api(nginxBase, '', 'POST', '/api/auth/register', {
      email: 'mate@nginx.test',
      password,
      name: 'Mate',
    });
    const mateToken = String(mate.json.accessToken);
    expect(
      (await api(nginxBase, mateToken, 'POST', `/api/invitations/${String(invite.json.token)}/accept`))
        .status,
    ).toBe(200);

    // The owner's live connection goes through nginx to one of the two instances.
    const client = wsClient(`${nginxBase.replace('http', 'ws')}/ws`, token);
    await client.opened;
    client.socket.send(JSON.stringify({ type: 'subscribe', workspaceId }));
    await client.until((_e, s) => s.includes(workspaceId), 'subscribed');

    // The teammate edits on A and on B directly: whichever instance holds the socket, one edit crossed instances.
    for (const [base, label] of [
      [a, 'on A'],
      [b, 'on B'],
    ] as const) {
      const created = await api(base, mateToken, 'POST', `/api/workspaces/${workspaceId}/collections`, {
        name: `Edited ${label}`,
        items: [],
      });
      expect(created.status).toBe(201);
      const id = String(created.json.id);
      await client.until(
        (e) => e.some((x) => x.type === 'collection.created' && JSON.stringify(x.data).includes(id)),
        `the edit ${label}`,
      );
    }

    // A run, started through nginx, executes on the worker (neither server runs jobs) and streams to the client.
    const collection = await api(nginxBase, mateToken, 'POST', `/api/workspaces/${workspaceId}/collections`, {
      name: 'Through nginx',
      items: Array.from({ length: STEPS }, (_, i) => ({
        type: 'request',
        id: `r${i}`,
        name: `step ${i}`,
        url: `${targetBase}/step/${i}`,
      })),
    });
    expect(collection.status).toBe(201);
    const run = await api(
      nginxBase,
      token,
      'POST',
      `/api/collections/${String(collection.json.id)}/runs`,
      {},
    );
    expect(run.status).toBe(202);
    const runId = String(run.json.runId);
    await client.until(
      (e) => e.some((x) => x.type === 'run.finished' && x.data.runId === runId),
      'run.finished',
    );
    const progress = client.events.filter((x) => x.type === 'run.progress' && x.data.runId === runId);
    expect(progress.length).toBeGreaterThanOrEqual(STEPS);
    const final = await api(nginxBase, token, 'GET', `/api/runs/${runId}`);
    expect(final.json).toMatchObject({ status: 'passed', completed: STEPS, total: STEPS });
    client.socket.close();
  }, 120_000);
});
