import { type ChildProcess, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, freePort, isolatedStores, spawnLabelled, waitFor, wsClient } from './spawn-built';

/**
 * Two server processes and one worker process on the same PostgreSQL and Redis (item 10): an edit on A arrives
 * over WS on B; a run started on A executes on the worker and streams progress to B; the worker is killed mid-run
 * and a new one finishes it with every request recorded exactly once.
 */
const dbUrl = process.env.TEST_DATABASE_URL ?? '';
const redisUrl = process.env.TEST_REDIS_URL ?? '';
const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const STEPS = 8;

const procs: ChildProcess[] = [];
let target: Server;
let targetBase = '';
const hits = new Map<string, number>();
let env: Record<string, string> = {};
let dropDb: (() => Promise<void>) | undefined;
let dataDir = '';

function start(entry: 'main' | 'worker', extra: Record<string, string> = {}): ChildProcess {
  return spawnLabelled(procs, entry, [process.execPath, join(serverDir, 'dist', `${entry}.js`)], {
    ...env,
    ...extra,
  });
}

/** Listening (booted and migrated); /readyz would wait for a worker heartbeat, and workers start later here. */
async function waitReady(base: string): Promise<void> {
  await waitFor(`${base}/healthz`, (s) => s >= 200 && s < 300);
}

describe.skipIf(!dbUrl || !redisUrl)('multi-instance (needs TEST_DATABASE_URL and TEST_REDIS_URL)', () => {
  let a = '';
  let b = '';

  beforeAll(async () => {
    execFileSync(process.execPath, [join(serverDir, 'build.mjs')], { cwd: serverDir, stdio: 'ignore' });
    const stores = await isolatedStores(dbUrl, redisUrl, 'apiplay_multi');
    dropDb = stores.drop;
    dataDir = mkdtempSync(join(tmpdir(), 'apiplay-multi-'));
    env = {
      NODE_ENV: 'production',
      DATABASE_URL: stores.databaseUrl,
      REDIS_URL: stores.redisUrl,
      JWT_SECRET: randomBytes(32).toString('hex'),
      SECRETS_KEY: randomBytes(32).toString('hex'),
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      EXECUTION_ALLOWED_HOSTS: '127.0.0.1',
      RUN_WORKER_IN_PROCESS: 'false',
    };
    target = createServer((req, res) => {
      hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
      // Slow enough that the worker can be killed in the middle of the run.
      setTimeout(() => res.end(JSON.stringify({ ok: true })), 400);
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    targetBase = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    const [pa, pb] = [await freePort(), await freePort()];
    a = `http://127.0.0.1:${pa}`;
    b = `http://127.0.0.1:${pb}`;
    // A first so it applies migrations alone; then B.
    start('main', { PORT: String(pa) });
    await waitReady(a);
    start('main', { PORT: String(pb) });
    await waitReady(b);
  }, 120_000);

  afterAll(async () => {
    for (const p of procs) {
      p.kill('SIGKILL');
    }
    target?.close();
    await dropDb?.();
    if (dataDir) {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('edits on A reach B; a run survives its worker being killed', async () => {
    const reg = await fetch(`${a}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'multi@example.test',
        password: 'Correct-Horse-Battery-42!',
        name: 'Multi',
      }),
    });
    expect(reg.status).toBe(201);
    const token = ((await reg.json()) as { accessToken: string }).accessToken;
    const workspaces = await api(a, token, 'GET', '/api/workspaces');
    const workspaceId = (workspaces.json.items as { id: string }[])[0]?.id ?? '';

    // No bound of its own beyond the test's: the run waits for a killed worker's lease.
    const client = wsClient(`${b.replace('http', 'ws')}/ws`, token, 120_000);
    await client.opened;
    client.socket.send(JSON.stringify({ type: 'subscribe', workspaceId }));
    await client.until((_e, s) => s.includes(workspaceId), 'subscribed');

    const created = await api(a, token, 'POST', `/api/workspaces/${workspaceId}/collections`, {
      name: 'Across instances',
      items: Array.from({ length: STEPS }, (_, i) => ({
        type: 'request',
        id: `r${i}`,
        name: `step ${i}`,
        url: `${targetBase}/step/${i}`,
      })),
    });
    expect(created.status).toBe(201);
    const collectionId = String(created.json.id);
    await client.until(
      (e) => e.some((x) => x.type === 'collection.created' && x.data.collection !== undefined),
      'collection.created',
    );

    const worker1 = start('worker');
    const run = await api(a, token, 'POST', `/api/collections/${collectionId}/runs`, {});
    expect(run.status).toBe(202);
    const runId = String(run.json.runId);
    await client.until(
      (e) => e.filter((x) => x.type === 'run.progress' && x.data.runId === runId).length >= 3,
      'three run.progress',
    );
    worker1.kill('SIGKILL');
    start('worker');
    await client.until(
      (e) => e.some((x) => x.type === 'run.finished' && x.data.runId === runId),
      'run.finished',
    );

    const final = await api(b, token, 'GET', `/api/runs/${runId}`);
    expect(final.json).toMatchObject({ status: 'passed', completed: STEPS, total: STEPS });
    expect(Number(final.json.attempts)).toBeGreaterThanOrEqual(2);
    const executions = final.json.executions as { name: string }[];
    expect(executions.map((e) => e.name)).toEqual(Array.from({ length: STEPS }, (_, i) => `step ${i}`));
    const history = await api(b, token, 'GET', `/api/workspaces/${workspaceId}/history?limit=100`);
    const runEntries = (history.json.items as { runId: string | null }[]).filter((h) => h.runId === runId);
    expect(runEntries).toHaveLength(STEPS);
    // Every step reached the target; only the one in flight at the kill may have been sent twice.
    const sends = Array.from({ length: STEPS }, (_, i) => hits.get(`/step/${i}`) ?? 0);
    expect(sends.every((n) => n >= 1)).toBe(true);
    expect(sends.reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(STEPS + 1);
    client.socket.close();
  }, 120_000);

  it('SIGTERM hands an in-flight run back: the worker exits at once, another finishes it, each step sent and recorded once', async () => {
    // Only this test's workers: the one left by the test above would take the handed-back job at once.
    for (const p of procs.filter((c) => c.spawnargs.some((arg) => arg.endsWith('worker.js')))) {
      p.kill('SIGKILL');
    }
    const reg = await api(a, '', 'POST', '/api/auth/register', {
      email: 'handoff@example.test',
      password: 'Correct-Horse-Battery-42!',
      name: 'Handoff',
    });
    expect(reg.status).toBe(201);
    const token = String(reg.json.accessToken);
    const workspaces = await api(a, token, 'GET', '/api/workspaces');
    const workspaceId = (workspaces.json.items as { id: string }[])[0]?.id ?? '';
    const created = await api(a, token, 'POST', `/api/workspaces/${workspaceId}/collections`, {
      name: 'Handed back',
      items: Array.from({ length: STEPS }, (_, i) => ({
        type: 'request',
        id: `h${i}`,
        name: `handoff ${i}`,
        url: `${targetBase}/handoff/${i}`,
        // A script, so the run executes in a script worker thread (the stop flag crosses threads).
        scripts: { preRequest: '', test: 'pm.test("ok", () => pm.response.to.have.status(200));' },
      })),
    });
    expect(created.status).toBe(201);
    const worker1 = start('worker');
    const exited = new Promise<number | null>((r) => worker1.on('exit', (code) => r(code)));
    const run = await api(a, token, 'POST', `/api/collections/${String(created.json.id)}/runs`, {});
    expect(run.status).toBe(202);
    const runId = String(run.json.runId);
    const progress = async () =>
      Number((await api(a, token, 'GET', `/api/runs/${runId}`)).json.completed ?? 0);
    for (let i = 0; (await progress()) < 2; i += 1) {
      expect(i, 'the run never progressed').toBeLessThan(300);
      await new Promise((r) => setTimeout(r, 100));
    }
    const stoppedAt = Date.now();
    worker1.kill('SIGTERM');
    // Exit 0 after at most the step in flight (400 ms here), not after the whole run (8 × 400 ms) or a timeout.
    expect(await exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(3_000);
    const between = (await api(a, token, 'GET', `/api/runs/${runId}`)).json;
    expect(between.status).toBe('queued');
    expect(Number(between.completed)).toBeLessThan(STEPS);

    start('worker');
    for (let i = 0; ; i += 1) {
      const r = (await api(a, token, 'GET', `/api/runs/${runId}`)).json;
      if (r.status === 'passed' || r.status === 'failed') {
        break;
      }
      expect(i, 'the second worker never finished the run').toBeLessThan(600);
      await new Promise((res) => setTimeout(res, 100));
    }
    const final = await api(b, token, 'GET', `/api/runs/${runId}`);
    expect(final.json).toMatchObject({ status: 'passed', completed: STEPS, total: STEPS, attempts: 2 });
    const executions = final.json.executions as { name: string }[];
    expect(executions.map((e) => e.name)).toEqual(Array.from({ length: STEPS }, (_, i) => `handoff ${i}`));
    const history = await api(b, token, 'GET', `/api/workspaces/${workspaceId}/history?limit=100`);
    const runEntries = (history.json.items as { runId: string | null }[]).filter((h) => h.runId === runId);
    expect(runEntries).toHaveLength(STEPS);
    // Handed back between steps: no step was sent twice.
    expect(Array.from({ length: STEPS }, (_, i) => hits.get(`/handoff/${i}`) ?? 0)).toEqual(
      Array(STEPS).fill(1),
    );
  }, 120_000);
});
