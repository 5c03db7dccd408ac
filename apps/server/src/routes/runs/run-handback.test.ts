import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { loadConfig } from '../../config/env';
import { openDatabase, pgliteDataDir } from '../../db/client';
import { loadPgliteTemplate } from '../../test/pglite-template';

// Embedded mode's half of "SIGTERM hands in-flight runs back" (server mode: test/multi-instance.test.ts): closing
// the app (what SIGTERM does) mid-run stops the run after its step in flight and leaves it queued; the next start
// on the same DATA_DIR resumes it, and every step is sent and recorded exactly once.

const STEPS = 6;
const hits = new Map<string, number>();
let target: Server;
let base = '';
let dataDir = '';

beforeAll(async () => {
  target = createServer((req, res) => {
    hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
    setTimeout(() => res.end('{}'), 150);
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  dataDir = mkdtempSync(join(tmpdir(), 'apiplay-handback-'));
});
afterAll(() => {
  target.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function boot(first: boolean): Promise<FastifyInstance> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    SCRIPT_WORKERS: '0',
  });
  const database = await openDatabase({
    kind: 'pglite',
    dataDir: pgliteDataDir(dataDir),
    ...(first ? { loadDataDir: await loadPgliteTemplate() } : {}),
  });
  return buildApp(config, { database });
}

describe('embedded run hand-back', () => {
  it('stops after the step in flight at shutdown and resumes at the next start, each step once', async () => {
    const app = await boot(true);
    const reg = await app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'handback@example.test', name: 'H', password: 'Handback-Passw0rd!' },
    });
    const headers = { authorization: `Bearer ${reg.json().accessToken}` };
    const ws = (await app.inject({ method: 'GET', url: '/api/workspaces', headers })).json().items[0].id;
    const col = await app.inject({
      method: 'POST',
      url: `/api/workspaces/${ws}/collections`,
      headers,
      payload: {
        name: 'Stopped',
        items: Array.from({ length: STEPS }, (_, i) => ({
          type: 'request',
          id: `r${i}`,
          name: `s${i}`,
          url: `${base}/s/${i}`,
        })),
      },
    });
    const run = await app.inject({
      method: 'POST',
      url: `/api/collections/${col.json().id}/runs`,
      headers,
      payload: {},
    });
    const runId = run.json().runId;
    const completed = async (a: FastifyInstance) =>
      (await a.inject({ method: 'GET', url: `/api/runs/${runId}`, headers })).json();
    for (let i = 0; (await completed(app)).completed < 2; i += 1) {
      expect(i).toBeLessThan(200);
      await new Promise((r) => setTimeout(r, 25));
    }
    await app.close();
    const sentBeforeRestart = [...hits.values()].reduce((a, b) => a + b, 0);
    expect(sentBeforeRestart).toBeLessThan(STEPS);

    const again = await boot(false);
    try {
      const between = await completed(again);
      expect(['queued', 'running', 'passed']).toContain(between.status);
      await again.ctx.jobs.drain();
      const final = await completed(again);
      expect(final).toMatchObject({ status: 'passed', completed: STEPS, total: STEPS, attempts: 2 });
      expect(final.executions.map((e: { name: string }) => e.name)).toEqual(
        Array.from({ length: STEPS }, (_, i) => `s${i}`),
      );
      expect(Array.from({ length: STEPS }, (_, i) => hits.get(`/s/${i}`))).toEqual(Array(STEPS).fill(1));
    } finally {
      await again.close();
    }
  }, 60_000);
});
