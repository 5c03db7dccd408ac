import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/env';
import { heartbeatKey, startWorkerHeartbeat } from '../infra/worker-heartbeat';
import { createTestApp, type TestApp, usingPostgres } from '../test';
import { metricsAccess } from './metrics';

const redisConfigured = Boolean(process.env.TEST_REDIS_URL);

function logCapture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, stream };
}

async function readyz(t: TestApp) {
  const r = await t.app.inject({ method: 'GET', url: '/readyz' });
  return { status: r.statusCode, body: r.json() as Record<string, unknown>, raw: r.body };
}

describe('/readyz names every component (item 3)', () => {
  let t: TestApp;
  const log = logCapture();
  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'warn' }, logStream: log.stream, redis: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports database, queue and storage (and redis when configured) as ok', async () => {
    const r = await readyz(t);
    expect(r.status).toBe(200);
    const expected: Record<string, { ok: boolean }> = {
      database: { ok: true },
      queue: { ok: true },
      storage: { ok: true },
    };
    if (t.ctx.redis !== null) {
      expected.redis = { ok: true };
    }
    expect(r.body).toEqual({ status: 'ready', checks: expected, failed: [] });
  });

  it('the storage probe leaves nothing behind', async () => {
    await readyz(t);
    await readyz(t);
    const { readdirSync, existsSync } = await import('node:fs');
    const dir = join(t.ctx.config.dataDir, 'blobs', 'readyz');
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('503 names what failed; the error text goes to the log, not to the anonymous caller', async () => {
    t.app.readiness.register('search', async () => {
      throw new Error('connect ECONNREFUSED 10.9.8.7:9200 (user=admin)');
    });
    try {
      const r = await readyz(t);
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({
        status: 'unavailable',
        failed: ['search'],
        checks: { search: { ok: false } },
      });
      expect(r.raw).not.toContain('ECONNREFUSED');
      expect(r.raw).not.toContain('10.9.8.7');
      const logged = log.lines.join('');
      expect(logged).toContain('"component":"search"');
      expect(logged).toContain('ECONNREFUSED 10.9.8.7:9200');
    } finally {
      t.app.readiness.register('search', async () => undefined);
    }
  });

  it('storage that cannot be written fails the storage check', async () => {
    const other = await createTestApp();
    try {
      // A file where the blob folder should be: every write fails, as on a full or read-only volume.
      writeFileSync(join(other.ctx.config.dataDir, 'blobs'), 'not a folder');
      const r = await readyz(other);
      expect(r.status).toBe(503);
      expect(r.body.failed).toEqual(['storage']);
      expect(r.body.checks).toMatchObject({ database: { ok: true }, storage: { ok: false } });
    } finally {
      await other.close();
    }
  });

  it('an in-process queue with its worker switched off is not ready', async () => {
    if (t.ctx.jobs.kind !== 'memory') {
      return;
    }
    const off = await createTestApp({ env: { RUN_WORKER_IN_PROCESS: 'false' } });
    try {
      const r = await readyz(off);
      expect(r.status).toBe(503);
      expect(r.body.failed).toEqual(['queue']);
    } finally {
      await off.close();
    }
  });
});

describe.skipIf(!redisConfigured)('queue readiness with separate worker processes (BullMQ on Redis)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RUN_WORKER_IN_PROCESS: 'false' }, redis: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('is 503 `queue` without a worker heartbeat, ready while one beats, 503 again once it stops', async () => {
    const redis = t.ctx.redis;
    expect(t.ctx.jobs.kind).toBe('bullmq');
    if (redis === null) {
      throw new Error('expected Redis');
    }
    const before = await readyz(t);
    expect(before.status).toBe(503);
    expect(before.body.failed).toEqual(['queue']);
    expect(before.body.checks).toMatchObject({ database: { ok: true }, redis: { ok: true } });

    // What a worker process does (`ctx.startWorker` in worker.ts), with a short time-to-live for the test.
    const beat = startWorkerHeartbeat(redis, heartbeatKey(t.ctx.keyPrefix), () => undefined, {
      everyMs: 100,
      ttlMs: 800,
    });
    await new Promise((r) => setTimeout(r, 50));
    const during = await readyz(t);
    beat.stop();
    expect(during.status).toBe(200);
    expect(during.body.checks).toMatchObject({ queue: { ok: true } });

    let after = await readyz(t);
    for (let i = 0; i < 40 && after.status === 200; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      after = await readyz(t);
    }
    expect(after.status).toBe(503);
    expect(after.body.failed).toEqual(['queue']);
  });

  it('a worker started in this process renews the heartbeat', async () => {
    await t.ctx.startWorker();
    const r = await readyz(t);
    expect(r.status).toBe(200);
  });
});

describe('/metrics access (item 3)', () => {
  it('server mode without METRICS_TOKEN: off; with it: bearer; embedded: open unless a token is set', () => {
    const server = {
      DATABASE_URL: 'postgres://u@h/db',
      JWT_SECRET: 'x'.repeat(32),
      SECRETS_KEY: 'a'.repeat(64),
    };
    expect(metricsAccess(loadConfig(server))).toEqual({ kind: 'off' });
    expect(metricsAccess(loadConfig({ ...server, METRICS_TOKEN: 't'.repeat(20) }))).toEqual({
      kind: 'token',
      token: 't'.repeat(20),
    });
    expect(metricsAccess(loadConfig({}))).toEqual({ kind: 'open' });
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });

  it('requires the bearer token when METRICS_TOKEN is set (401 otherwise)', async () => {
    const token = 'scrape-me-with-this-token';
    const t = await createTestApp({ env: { METRICS_TOKEN: token } });
    try {
      const get = (authorization?: string) =>
        t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
      expect((await get()).statusCode).toBe(401);
      expect((await get('Bearer wrong-token-of-some-length')).statusCode).toBe(401);
      expect((await get(`Basic ${token}`)).statusCode).toBe(401);
      const ok = await get(`Bearer ${token}`);
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('process_resident_memory_bytes');
    } finally {
      await t.close();
    }
  });

  it.skipIf(!usingPostgres)('server mode without METRICS_TOKEN answers 404', async () => {
    const t = await createTestApp();
    try {
      const r = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(r.statusCode).toBe(404);
      expect(r.body).not.toContain('process_');
    } finally {
      await t.close();
    }
  });
});
