import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runs } from '../../db/schema';
import { executeRun } from '../../services/runs/execute-run';
import { addMember, buildUser, buildWorkspace, createTestApp, type TestApp, type TestUser } from '../../test';

// The runs list, cancelling a run (queued, or mid-request with and without scripts) and report downloads.

let t: TestApp;
let owner: TestUser;
let viewer: TestUser;
let outsider: TestUser;
let workspaceId: string;
let target: Server;
let base = '';
/** Requests to /hang wait here until the test lets them go (or the client aborts). */
const hanging: ServerResponse[] = [];
const aborted: string[] = [];
const hits: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ env: { EXECUTION_ALLOWED_HOSTS: '127.0.0.1' } });
  target = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url?.startsWith('/hang')) {
      hanging.push(res);
      res.on('close', () => {
        if (!res.writableEnded) {
          aborted.push(req.url ?? '');
        }
      });
      return;
    }
    res.setHeader('content-type', 'text/html');
    res.end('<script>alert(1)</script>]]>');
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  const built = await buildWorkspace(t);
  owner = built.owner;
  workspaceId = built.workspace.id;
  viewer = await addMember(t, workspaceId, 'viewer');
  outsider = await buildUser(t);
});
afterAll(async () => {
  for (const res of hanging) {
    res.destroy();
  }
  target.close();
  await t.close();
});

async function collection(name: string, withScripts: boolean): Promise<string> {
  const test = withScripts ? 'pm.test("ok", () => pm.response.to.have.status(200));' : '';
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/workspaces/${workspaceId}/collections`,
    headers: owner.headers,
    payload: {
      name,
      items: [
        { type: 'request', id: 'a', name: 'first', url: `${base}/ok/1`, scripts: { preRequest: '', test } },
        {
          type: 'request',
          id: 'b',
          name: 'hangs',
          url: `${base}/hang/${name}`,
          scripts: { preRequest: '', test },
        },
        { type: 'request', id: 'c', name: 'never', url: `${base}/never/${name}` },
      ],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function start(cid: string, user: TestUser = owner): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/collections/${cid}/runs`,
    headers: user.headers,
    payload: {},
  });
  expect(res.statusCode, res.body).toBe(202);
  return res.json().runId;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

const get = (url: string, user: TestUser = owner) =>
  t.app.inject({ method: 'GET', url, headers: user.headers });
const cancel = (runId: string, user: TestUser = owner) =>
  t.app.inject({ method: 'POST', url: `/api/runs/${runId}/cancel`, headers: user.headers });

describe('cancelling a run', () => {
  for (const withScripts of [false, true]) {
    it(`stops a run mid-request and keeps what it recorded (${withScripts ? 'scripts in a worker' : 'no scripts'})`, async () => {
      const name = withScripts ? 'scripted' : 'plain';
      const runId = await start(await collection(name, withScripts));
      await until(() => hits.includes(`/hang/${name}`), 'the hanging request');
      const res = await cancel(runId);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ id: runId, status: 'aborted', reason: 'Cancelled' });
      await t.app.ctx.jobs.drain();
      // The request in flight was aborted (the target sees its connection close), the one after it never sent.
      await until(() => aborted.includes(`/hang/${name}`), 'the hanging request to be aborted');
      expect(hits).not.toContain(`/never/${name}`);
      const run = (await get(`/api/runs/${runId}`)).json();
      expect(run).toMatchObject({ status: 'aborted', reason: 'Cancelled' });
      expect(run.executions[0].name).toBe('first');
      expect(run.report.status).toBe('aborted');
      // Cancelling again: it has finished.
      expect((await cancel(runId)).statusCode).toBe(409);
    });
  }

  it('cancels a queued run before any request goes out', async () => {
    const cid = await collection('queued', false);
    const [row] = await t.ctx.db
      .insert(runs)
      .values({ workspaceId, collectionId: cid, collectionName: 'queued', options: {}, createdBy: owner.id })
      .returning();
    const runId = row?.id ?? '';
    expect((await cancel(runId)).json()).toMatchObject({ status: 'aborted', hasReport: false });
    const before = hits.length;
    expect(await executeRun({ ...t.app.ctx.execution, events: t.app.ctx.events }, { runId })).toEqual({
      status: 'aborted',
    });
    expect(hits.length).toBe(before);
    const report = await get(`/api/runs/${runId}/report?format=junit`);
    expect(report.statusCode).toBe(409);
    expect(report.json().error.message).toMatch(/no report/);
  });

  it('lets a viewer cancel only their own runs; outsiders see nothing', async () => {
    const cid = await collection('roles', false);
    const mine = await start(cid, viewer);
    await until(() => hits.includes('/hang/roles'), 'the viewer’s run');
    const theirs = await start(cid, owner);
    expect((await cancel(mine, outsider)).statusCode).toBe(404);
    const refused = await cancel(theirs, viewer);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toMatch(/only the runs they started/);
    expect((await cancel(mine, viewer)).statusCode).toBe(200);
    expect((await cancel(theirs, owner)).statusCode).toBe(200);
    await t.app.ctx.jobs.drain();
    const audit = (await get(`/api/workspaces/${workspaceId}/audit`)).json();
    const cancelled = audit.items.filter((e: { action: string }) => e.action === 'run.cancelled');
    expect(cancelled.map((e: { targetId: string }) => e.targetId)).toEqual(
      expect.arrayContaining([mine, theirs]),
    );
  });
});

describe('run options', () => {
  it('runs iterations in parallel and only the chosen folder', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${workspaceId}/collections`,
      headers: owner.headers,
      payload: {
        name: 'options',
        items: [
          {
            type: 'folder',
            id: 'f1',
            name: 'Chosen',
            items: [{ type: 'request', id: 'a', name: 'a', url: `${base}/ok/chosen?i={{i}}` }],
          },
          {
            type: 'folder',
            id: 'f2',
            name: 'Other',
            items: [{ type: 'request', id: 'b', name: 'b', url: `${base}/ok/other` }],
          },
        ],
      },
    });
    const started = await t.app.inject({
      method: 'POST',
      url: `/api/collections/${res.json().id}/runs`,
      headers: owner.headers,
      payload: { parallel: 3, folders: ['Chosen'], iterationData: [{ i: 1 }, { i: 2 }, { i: 3 }] },
    });
    expect(started.statusCode, started.body).toBe(202);
    await t.app.ctx.jobs.drain();
    const run = (await get(`/api/runs/${started.json().runId}`)).json();
    expect(run).toMatchObject({ status: 'passed', total: 3, completed: 3, options: { parallel: 3 } });
    expect(
      run.executions.map((e: { request: { url: string } }) => new URL(e.request.url).search).sort(),
    ).toEqual(['?i=1', '?i=2', '?i=3']);
    expect(hits).not.toContain('/ok/other');
    const tooMany = await t.app.inject({
      method: 'POST',
      url: `/api/collections/${res.json().id}/runs`,
      headers: owner.headers,
      payload: { parallel: 1000 },
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain('parallel');
  });
});

describe('runs list', () => {
  it('pages newest first and filters by collection and status', async () => {
    const cid = await collection('listed', false);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const runId = await start(cid);
      await until(() => hits.filter((h) => h === '/hang/listed').length === i + 1, 'the listed run');
      await cancel(runId);
      await t.app.ctx.jobs.drain();
      ids.unshift(runId);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await get(`/api/workspaces/${workspaceId}/runs?collectionId=${cid}&limit=2${query}`);
      expect(page.statusCode, page.body).toBe(200);
      const body = page.json();
      seen.push(...body.items.map((r: { id: string }) => r.id));
      for (const item of body.items) {
        expect(item).not.toHaveProperty('executions');
        expect(item).toMatchObject({ collectionName: 'listed', status: 'aborted', hasReport: true });
      }
      cursor = body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(ids);
    const passed = (
      await get(`/api/workspaces/${workspaceId}/runs?collectionId=${cid}&status=passed`)
    ).json();
    expect(passed.items).toEqual([]);
    expect((await get(`/api/workspaces/${workspaceId}/runs?cursor=bm90LWEtdXVpZA`)).statusCode).toBe(400);
    expect((await get(`/api/workspaces/${workspaceId}/runs`, outsider)).statusCode).toBe(404);
    expect((await get(`/api/workspaces/${workspaceId}/runs`, viewer)).statusCode).toBe(200);
  });
});

describe('run reports', () => {
  it('downloads JSON, JUnit and HTML with response text escaped', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${workspaceId}/collections`,
      headers: owner.headers,
      payload: {
        name: 'Report <me>',
        items: [
          {
            type: 'request',
            id: 'x',
            name: 'page',
            url: `${base}/ok/report`,
            scripts: { preRequest: '', test: 'pm.test("is 200", () => pm.response.to.have.status(200));' },
          },
        ],
      },
    });
    const runId = await start(res.json().id);
    await t.app.ctx.jobs.drain();
    const json = await get(`/api/runs/${runId}/report?format=json`, viewer);
    expect(json.statusCode, json.body).toBe(200);
    expect(json.headers['content-disposition']).toMatch(/^attachment; filename="Report-me-.*\.json"$/);
    expect(json.json()).toMatchObject({ status: 'passed', collection: { name: 'Report <me>' } });
    const junit = await get(`/api/runs/${runId}/report?format=junit`);
    expect(junit.headers['content-type']).toMatch(/^application\/xml/);
    expect(junit.body).toContain('<testcase name="is 200"');
    expect(junit.body).toContain('testsuites name="Report &lt;me&gt;" tests="1" failures="0"');
    const html = await get(`/api/runs/${runId}/report?format=html`);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.headers['content-security-policy']).toBe('sandbox');
    expect(html.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.body).not.toContain('<script>alert');
    expect((await get(`/api/runs/${runId}/report?format=pdf`)).statusCode).toBe(400);
    expect((await get(`/api/runs/${runId}/report`, outsider)).statusCode).toBe(404);
  });
});
