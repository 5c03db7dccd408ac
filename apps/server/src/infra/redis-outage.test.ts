import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { InjectOptions } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { buildApp } from '../app';
import { ConfigError, loadConfig } from '../config/env';
import { openDatabase } from '../db/client';
import { buildUser, createTestApp, TEST_PASSWORD, type TestApp } from '../test';

// Redis faults degrade, they do not hang: a real redis-server of this test's own, on a free loopback port,
// killed and frozen mid-test and restarted (empty) on the same port.

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') {
    throw new Error('no port');
  }
  return address.port;
}

let port = 0;
let dir = '';
let redisProcess: ChildProcess | null = null;

async function startRedis(): Promise<void> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  redisProcess = child;
  const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
  probe.on('error', () => undefined);
  for (let i = 0; i < 100; i++) {
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return;
    } catch {
      await sleep(50);
    }
  }
  throw new Error('redis-server did not start');
}

async function killRedis(): Promise<void> {
  const child = redisProcess;
  if (child === null || child.exitCode !== null) {
    return;
  }
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
  redisProcess = null;
}

/** Time an injected request: it must answer (never hang) within `ms`. */
async function timed(t: TestApp, opts: InjectOptions, ms = 1000) {
  const started = performance.now();
  const res = await t.app.inject(opts);
  const elapsed = performance.now() - started;
  expect(elapsed, `${JSON.stringify(opts)} took ${elapsed.toFixed(0)} ms`).toBeLessThan(ms);
  return res;
}

beforeAll(async () => {
  port = await freePort();
  dir = mkdtempSync(join(tmpdir(), 'apiplay-redis-'));
  await startRedis();
});
afterAll(async () => {
  await killRedis();
  rmSync(dir, { recursive: true, force: true });
});

describe('Redis gone after boot', () => {
  it('authenticated reads keep working, Redis-backed parts answer 503 naming Redis, and all recovers', async () => {
    // Which step was running when the test failed or timed out (a timeout alone does not say).
    let step = 'boot';
    onTestFailed(() => console.error(`redis-outage: failed during "${step}"`));
    const t = await createTestApp({ redisUrl: `redis://127.0.0.1:${port}` });
    try {
      step = 'before the outage';
      const u = await buildUser(t);
      const loggedOutBefore = await buildUser(t);
      expect((await timed(t, { url: '/api/auth/me', headers: u.headers })).statusCode).toBe(200);
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: loggedOutBefore.headers,
        payload: {},
      });

      const created = await t.app.inject({
        method: 'POST',
        url: `/api/workspaces/${u.personalWorkspaceId}/collections`,
        headers: u.headers,
        payload: { name: 'Exported during the outage' },
      });
      const collectionId = created.json().id as string;

      step = 'kill Redis';
      await killRedis();
      step = 'during the outage';
      for (let i = 0; i < 5; i++) {
        expect((await timed(t, { url: '/api/auth/me', headers: u.headers })).statusCode).toBe(200);
      }
      // A revoked token stays revoked while Redis is away (the database answers).
      expect((await timed(t, { url: '/api/auth/me', headers: loggedOutBefore.headers })).statusCode).toBe(
        401,
      );
      const duringOutage = await buildUser(t);
      const out = await timed(t, {
        method: 'POST',
        url: '/api/auth/logout',
        headers: duringOutage.headers,
        payload: {},
      });
      expect(out.statusCode).toBe(204);
      expect((await timed(t, { url: '/api/auth/me', headers: duringOutage.headers })).statusCode).toBe(401);
      // Login is rate-limited through Redis: a clear 503 at once, never a hang or a 500.
      const login = await timed(t, {
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: u.email, password: TEST_PASSWORD },
      });
      expect(login.statusCode).toBe(503);
      expect(login.json().error).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(login.json().error.message).toMatch(/Redis/);
      // Queuing a job (BullMQ) answers 503 at once instead of waiting for Redis.
      const queued = await timed(t, {
        url: `/api/collections/${collectionId}/export?format=postman&async=1`,
        headers: u.headers,
      });
      expect(queued.statusCode).toBe(503);
      expect(queued.json().error.message).toMatch(/Redis is unavailable \(job queue\)/);
      const ready = await timed(t, { url: '/readyz' }, 2500);
      expect(ready.statusCode).toBe(503);
      expect(ready.json().checks.redis.ok).toBe(false);

      // Redis comes back empty on the same port: everything recovers by itself, and what was revoked — before
      // or during the outage — stays revoked (the blacklist is copied back from the database).
      step = 'restart Redis';
      await startRedis();
      step = 'recovery';
      let status = 0;
      for (let i = 0; i < 100 && status !== 200; i++) {
        await sleep(100);
        status = (
          await t.app.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { email: u.email, password: TEST_PASSWORD },
          })
        ).statusCode;
      }
      expect(status).toBe(200);
      // Redis is ready again (the queue component waits for a worker's heartbeat: none runs in this app).
      expect((await t.app.inject({ url: '/readyz' })).json().checks.redis.ok).toBe(true);
      expect((await timed(t, { url: '/api/auth/me', headers: u.headers })).statusCode).toBe(200);
      expect((await timed(t, { url: '/api/auth/me', headers: loggedOutBefore.headers })).statusCode).toBe(
        401,
      );
      expect((await timed(t, { url: '/api/auth/me', headers: duringOutage.headers })).statusCode).toBe(401);
    } finally {
      step = 'close';
      await t.close();
    }
  }, 60_000);

  it('a Redis that hangs (frozen process) costs a request at most one command timeout', async () => {
    const t = await createTestApp({ redisUrl: `redis://127.0.0.1:${port}` });
    const child = redisProcess;
    try {
      if (child?.pid === undefined) {
        throw new Error('redis not running');
      }
      const u = await buildUser(t);
      child.kill('SIGSTOP');
      expect((await timed(t, { url: '/api/auth/me', headers: u.headers })).statusCode).toBe(200);
      // After one timeout the blacklist stops asking the hung Redis: the next requests do not wait again.
      for (let i = 0; i < 3; i++) {
        expect((await timed(t, { url: '/api/auth/me', headers: u.headers }, 400)).statusCode).toBe(200);
      }
      const login = await timed(t, {
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: u.email, password: TEST_PASSWORD },
      });
      expect(login.statusCode).toBe(503);
    } finally {
      child?.kill('SIGCONT');
      await t.close();
    }
  }, 30_000);
});

describe('Redis reachable at boot (REDIS_URL, clients created by the app)', () => {
  it('boots, serves the Redis-backed parts and closes', async () => {
    const database = await openDatabase({ kind: 'pglite' });
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: dir,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      RUN_WORKER_IN_PROCESS: 'false',
    });
    const app = await buildApp(config, { database, ephemeralSecrets: true, keyPrefix: 'apiplay-boot-test:' });
    try {
      // No worker runs here (RUN_WORKER_IN_PROCESS=false): Redis is ready, the queue says it has no worker.
      expect((await app.inject({ url: '/readyz' })).json()).toMatchObject({
        status: 'unavailable',
        checks: { redis: { ok: true }, queue: { ok: false } },
      });
      const t = { app, ctx: app.ctx, close: async () => undefined };
      const u = await buildUser(t);
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: u.email, password: TEST_PASSWORD },
      });
      expect(login.statusCode).toBe(200);
      // BullMQ's connections (duplicates of the app's client) work too.
      const jobId = await app.ctx.enqueue({
        type: 'history-cleanup',
        workspaceId: null,
        userId: null,
        payload: {},
      });
      expect(jobId).toMatch(/[0-9a-f-]{36}/);
    } finally {
      await app.close();
    }
  }, 30_000);
});

describe('Redis unreachable at boot', () => {
  it('buildApp fails with an error that names REDIS_URL (and does not keep retrying)', async () => {
    const closed = await freePort();
    const database = await openDatabase({ kind: 'pglite' });
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: dir,
      REDIS_URL: `redis://user:hunter2@127.0.0.1:${closed}`,
    });
    const failure = await buildApp(config, { database, ephemeralSecrets: true }).then(
      () => null,
      (e: unknown) => e,
    );
    await database.close();
    expect(failure).toBeInstanceOf(ConfigError);
    expect(String((failure as Error).message)).toMatch(
      /REDIS_URL: cannot reach Redis at redis:\/\/user:\*\*\*@/,
    );
    expect(String((failure as Error).message)).not.toContain('hunter2');
  });

  it('the server process exits 1 with a message that names REDIS_URL', async () => {
    const closed = await freePort();
    const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', join('src', 'main.ts')],
      {
        cwd: serverDir,
        env: {
          PATH: process.env.PATH,
          PORT: '0',
          HOST: '127.0.0.1',
          DATA_DIR: dir,
          REDIS_URL: `redis://127.0.0.1:${closed}`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code, out).toBe(1);
    expect(out).toContain(`REDIS_URL: cannot reach Redis at redis://127.0.0.1:${closed}`);
    expect(out).not.toContain('fatal:');
  }, 60_000);
});
