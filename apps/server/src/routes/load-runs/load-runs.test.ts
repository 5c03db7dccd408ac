import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TLiveEvent, TLoadRun } from '@apiplay/core';
import { decodeHistogram } from '@apiplay/core/load';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditEvents } from '../../db/schema';
import { addMember, buildWorkspace, createTestApp, type TestApp, type TestUser } from '../../test';

let t: TestApp;
let owner: TestUser;
let viewer: TestUser;
let workspaceId: string;
let target: Server;
let base = '';
let hits = 0;
const openSockets = new Set<Socket>();
const events: TLiveEvent[] = [];

beforeAll(async () => {
  // Loopback targets: allowed by default embedded, allow-listed for the PostgreSQL (server-mode) run.
  t = await createTestApp({
    env: { EXECUTION_ALLOWED_HOSTS: '127.0.0.1', LOAD_MAX_VUS: '6', LOAD_MAX_RATE: '50' },
  });
  t.ctx.events.subscribe((e) => events.push(e));
  target = createServer((req, res) => {
    hits += 1;
    res.statusCode = req.url?.startsWith('/missing') ? 404 : 200;
    res.end('ok');
  });
  target.on('connection', (socket) => {
    openSockets.add(socket);
    socket.on('close', () => openSockets.delete(socket));
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  const built = await buildWorkspace(t);
  owner = built.owner;
  workspaceId = built.workspace.id;
  viewer = await addMember(t, workspaceId, 'viewer');
});
afterAll(async () => {
  target.close();
  await t.close();
});

async function collection(items: object[], name = 'Load me'): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/workspaces/${workspaceId}/collections`,
    headers: owner.headers,
    payload: { name, variables: [{ key: 'base', value: base }], items },
  });
  expect(res.statusCode).toBe(201);
  return (res.json() as { id: string }).id;
}

const twoRequests = () => [
  {
    type: 'request',
    id: 'a',
    name: 'Get a',
    url: '{{base}}/a',
    scripts: { preRequest: '', test: 'pm.test("ok", () => pm.response.to.have.status(200));' },
  },
  { type: 'request', id: 'b', name: 'Missing b', url: '{{base}}/missing' },
];

async function start(collectionId: string, body: object, headers = owner.headers) {
  return t.app.inject({
    method: 'POST',
    url: `/api/collections/${collectionId}/load-runs`,
    headers,
    payload: body,
  });
}

async function finished(loadRunId: string, timeoutMs = 20_000): Promise<TLoadRun> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/load-runs/${loadRunId}`,
      headers: owner.headers,
    });
    const run = res.json() as TLoadRun;
    if (['passed', 'failed', 'aborted'].includes(run.status) || Date.now() > until) {
      return run;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('bad input is a 400 naming the field before any request is sent', () => {
  const cases: [string, object, string][] = [
    [
      'unknown threshold metric',
      { vus: 1, duration: '1s', thresholds: ['http_req_speed:p(95)<200'] },
      'body.thresholds.0',
    ],
    [
      'malformed threshold',
      { vus: 1, duration: '1s', thresholds: ['http_req_duration:p95<<200'] },
      'body.thresholds.0',
    ],
    [
      'threshold on an unknown request',
      { vus: 1, duration: '1s', thresholds: ['http_req_duration{name:Nope}:p(95)<200'] },
      'body.thresholds.0',
    ],
    ['a stage list that never ends', { stages: ['10s:2', 'forever:2'] }, 'body.stages.1'],
    ['no duration at all', { vus: 1 }, 'body.vus'],
    ['more VUs than the cap', { vus: 7, duration: '1s' }, 'body.vus'],
    ['a stage over the cap', { stages: ['1s:2', '1s:9'] }, 'body.stages.1'],
    ['a rate over the cap', { rate: '51/s', duration: '1s', maxVus: 2 }, 'body.rate'],
    ['a bad think time', { vus: 1, duration: '1s', think: '5ms-1ms' }, 'body.think'],
    ['too long', { vus: 1, duration: '2h' }, 'body.duration'],
  ];
  it.each(cases)('%s', async (_what, body, field) => {
    const id = await collection(twoRequests());
    const before = hits;
    const res = await start(id, body);
    expect(res.statusCode, res.body).toBe(400);
    const error = (res.json() as { error: { message: string; details: { issues: { field: string }[] } } })
      .error;
    expect(error.details.issues[0]?.field).toBe(field);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
    expect(error.message).not.toMatch(/--/); // the API's names, not the CLI's flags
    expect(hits).toBe(before);
  });

  it('a collection with no requests', async () => {
    const id = await collection([{ type: 'folder', id: 'f', name: 'Empty', items: [] }], 'Empty');
    const res = await start(id, { vus: 1, duration: '1s' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/no requests/);
  });

  it('wrong types and hostile numbers are refused by the schema', async () => {
    const id = await collection(twoRequests());
    for (const body of [
      { vus: '2', duration: '1s' },
      { vus: Number.MAX_SAFE_INTEGER * 4, duration: '1s' },
      { vus: 1.5, duration: '1s' },
      { vus: 1, duration: 5 },
    ]) {
      const res = await start(id, body);
      expect(res.statusCode).toBe(400);
    }
  });
});

describe('a load run', () => {
  it('runs as a job, streams merged seconds over the event bus, saves series + summary, is audited', async () => {
    const id = await collection(twoRequests());
    events.length = 0;
    const before = hits;
    const res = await start(id, {
      vus: 2,
      duration: '2s',
      thresholds: [
        'http_req_failed:rate<0.01',
        'checks:rate>0.99',
        'http_req_duration{name:Get a}:p(95)<5000',
      ],
    });
    expect(res.statusCode, res.body).toBe(202);
    const { loadRunId, parts } = res.json() as { loadRunId: string; parts: number };
    expect(parts).toBe(1);
    const run = await finished(loadRunId);
    // The 404s fail http_req_failed; checks pass; the per-request latency threshold passes.
    expect(run.status).toBe('failed');
    const s = run.summary;
    if (!s) {
      throw new Error('no summary');
    }
    expect(s.requests).toBe(hits - before);
    expect(s.requests).toBeGreaterThan(4);
    expect(s.failed).toBe(s.byRequest.find((r) => r.name === 'Missing b')?.requests);
    expect(s.thresholds.map((x) => x.passed)).toEqual([false, true, true]);
    expect(s.byRequest.map((r) => r.name).sort()).toEqual(['Get a', 'Missing b']);
    expect(decodeHistogram(s.histogram).totalCount).toBe(s.requests);
    // Each VU's connection is closed when the VU ends, not kept by the process-wide transport.
    await vi.waitFor(() => expect(openSockets.size).toBe(0), { timeout: 2000 });
    expect(run.series.length).toBeGreaterThanOrEqual(2);
    expect(run.series.reduce((n, x) => n + x.requests, 0)).toBe(s.requests);
    // The row is saved before the last events are published; over Redis pub/sub they can arrive a little after it.
    await vi.waitFor(
      () =>
        expect(events.some((e) => e.type === 'load.finished' && e.data.loadRunId === loadRunId)).toBe(true),
      { timeout: 5000 },
    );
    const progress = events.filter((e) => e.type === 'load.progress' && e.data.loadRunId === loadRunId);
    expect(progress.length).toBe(run.series.length);
    const rows = progress[0]?.data.requests as { name: string }[] | undefined;
    expect(rows?.length).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'load.finished' && e.data.loadRunId === loadRunId)).toBe(true);
    const audit = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'load_run.started'), eq(auditEvents.targetId, loadRunId)));
    expect(audit).toHaveLength(1);
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/workspaces/${workspaceId}/load-runs?collectionId=${id}`,
      headers: viewer.headers,
    });
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(loadRunId);
  });

  it('the stop button ends a running load run early, as aborted, with what was measured', async () => {
    const id = await collection(twoRequests());
    const res = await start(id, { vus: 1, duration: '60s' });
    const { loadRunId } = res.json() as { loadRunId: string };
    const until = Date.now() + 10_000;
    while (
      !events.some((e) => e.type === 'load.progress' && e.data.loadRunId === loadRunId) &&
      Date.now() < until
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const viewerStop = await t.app.inject({
      method: 'POST',
      url: `/api/load-runs/${loadRunId}/stop`,
      headers: viewer.headers,
    });
    expect(viewerStop.statusCode).toBe(403);
    const stop = await t.app.inject({
      method: 'POST',
      url: `/api/load-runs/${loadRunId}/stop`,
      headers: owner.headers,
    });
    expect(stop.statusCode).toBe(202);
    const run = await finished(loadRunId, 15_000);
    expect(run.status).toBe('aborted');
    expect(run.summary?.requests).toBeGreaterThan(0);
    expect(run.summary?.durationMs).toBeLessThan(20_000);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/load-runs/${loadRunId}/stop`,
      headers: owner.headers,
    });
    expect(again.statusCode).toBe(409);
  });

  it('the workspace cap counts the load runs already running', async () => {
    const id = await collection(twoRequests());
    const first = await start(id, { vus: 4, duration: '30s' });
    expect(first.statusCode).toBe(202);
    const second = await start(id, { vus: 3, duration: '1s' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.message).toMatch(/^body\.vus: .*6 VUs/);
    const { loadRunId } = first.json() as { loadRunId: string };
    await t.app.inject({ method: 'POST', url: `/api/load-runs/${loadRunId}/stop`, headers: owner.headers });
    await finished(loadRunId, 15_000);
  });

  it('viewers may read but not start load runs', async () => {
    const id = await collection(twoRequests());
    const res = await start(id, { vus: 1, duration: '1s' }, viewer.headers);
    expect(res.statusCode).toBe(403);
  });
});

describe('the SSRF guard', () => {
  let guarded: TestApp;
  afterAll(async () => guarded?.close());

  it('applies to every request of a load run', async () => {
    guarded = await createTestApp({ env: { EXECUTION_ALLOW_PRIVATE: 'false' } });
    const { owner: o, workspace } = await buildWorkspace(guarded);
    const created = await guarded.app.inject({
      method: 'POST',
      url: `/api/workspaces/${workspace.id}/collections`,
      headers: o.headers,
      payload: {
        name: 'Inside',
        items: [{ type: 'request', id: 'x', name: 'Internal', url: `${base}/internal` }],
      },
    });
    const before = hits;
    const res = await guarded.app.inject({
      method: 'POST',
      url: `/api/collections/${created.json().id}/load-runs`,
      headers: o.headers,
      payload: { vus: 1, duration: '1s' },
    });
    expect(res.statusCode).toBe(202);
    const { loadRunId } = res.json() as { loadRunId: string };
    const until = Date.now() + 15_000;
    let run: TLoadRun;
    for (;;) {
      run = (
        await guarded.app.inject({ method: 'GET', url: `/api/load-runs/${loadRunId}`, headers: o.headers })
      ).json();
      if (run.finishedAt !== null || Date.now() > until) {
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(hits).toBe(before);
    expect(run.summary?.requests).toBeGreaterThan(0);
    expect(run.summary?.failed).toBe(run.summary?.requests);
    expect(run.summary?.errors[0]?.message).toMatch(/target refused/i);
  });
});
