import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExecutions, runs } from '../../db/schema';
import { executeRun } from '../../services/runs/execute-run';
import { addMember, buildUser, buildWorkspace, createTestApp, type TestApp, type TestUser } from '../../test';

let t: TestApp;
let owner: TestUser;
let viewer: TestUser;
let outsider: TestUser;
let workspaceId: string;
let target: Server;
let base = '';
const hits: string[] = [];

beforeAll(async () => {
  // Loopback targets: allowed by default embedded, allow-listed for the PostgreSQL (server-mode) run.
  t = await createTestApp({ env: { EXECUTION_ALLOWED_HOSTS: '127.0.0.1' } });
  target = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ path: req.url }));
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
  target.close();
  await t.close();
});

async function collection(): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/workspaces/${workspaceId}/collections`,
    headers: owner.headers,
    payload: {
      name: 'Run me',
      variables: [{ key: 'base', value: base }],
      items: [
        {
          type: 'folder',
          id: 'f',
          name: 'F',
          items: [1, 2, 3].map((n) => ({
            type: 'request',
            id: `r${n}`,
            name: `step ${n}`,
            url: `{{base}}/step/${n}?i={{i}}`,
            scripts: { preRequest: '', test: `pm.test("ok ${n}", () => pm.response.to.have.status(200));` },
          })),
        },
        { type: 'request', id: 'r4', name: 'step 4', url: '{{base}}/step/4?i={{i}}' },
      ],
    },
  });
  return res.json().id;
}

describe('collection runs', () => {
  it('starts a run as a job, persists progress and the report', async () => {
    const id = await collection();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/collections/${id}/runs`,
      headers: viewer.headers,
      payload: { iterations: 2, iterationData: [{ i: 'a' }, { i: 'b' }] },
    });
    expect(res.statusCode, res.body).toBe(202);
    const { runId } = res.json();
    await t.app.ctx.jobs.drain();
    const run = await t.app.inject({ method: 'GET', url: `/api/runs/${runId}`, headers: viewer.headers });
    expect(run.statusCode).toBe(200);
    const body = run.json();
    expect(body).toMatchObject({ status: 'passed', total: 8, completed: 8, failed: 0, attempts: 1 });
    expect(body.executions.map((e: { request: { url: string } }) => new URL(e.request.url).search)).toEqual([
      '?i=a',
      '?i=a',
      '?i=a',
      '?i=a',
      '?i=b',
      '?i=b',
      '?i=b',
      '?i=b',
    ]);
    expect(body.report.stats.assertions).toEqual({ total: 6, failed: 0 });
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/runs/${runId}`, headers: outsider.headers }))
        .statusCode,
    ).toBe(404);
  });

  it('resumes a run killed mid-way without sending or recording any request twice', async () => {
    const id = await collection();
    const first = await t.app.inject({
      method: 'POST',
      url: `/api/collections/${id}/runs`,
      headers: owner.headers,
      payload: {},
    });
    await t.app.ctx.jobs.drain();
    const done = (
      await t.app.inject({ method: 'GET', url: `/api/runs/${first.json().runId}`, headers: owner.headers })
    ).json();
    // A second run that "crashed" after two steps: its first two executions are recorded, status still running.
    const [crashed] = await t.ctx.db
      .insert(runs)
      .values({
        workspaceId,
        collectionId: id,
        collectionName: 'Run me',
        status: 'running',
        options: {},
        attempts: 1,
        total: 4,
        completed: 2,
        createdBy: owner.id,
      })
      .returning();
    const runId = crashed?.id ?? '';
    await t.ctx.db.insert(runExecutions).values([
      { runId, seq: 0, execution: done.executions[0] },
      { runId, seq: 1, execution: done.executions[1] },
    ]);
    hits.length = 0;
    const result = await executeRun({ ...t.app.ctx.execution, events: t.app.ctx.events }, { runId });
    expect(result.status).toBe('passed');
    expect(hits).toEqual(['/step/3?i={{i}}', '/step/4?i={{i}}']);
    const rows = await t.ctx.db.select().from(runExecutions).where(eq(runExecutions.runId, runId));
    expect(rows.map((r) => r.seq).sort()).toEqual([0, 1, 2, 3]);
    const run = (
      await t.app.inject({ method: 'GET', url: `/api/runs/${runId}`, headers: owner.headers })
    ).json();
    expect(run).toMatchObject({ status: 'passed', completed: 4, attempts: 2 });
    expect(run.report.executions).toHaveLength(4);
    // Picking it up again once finished does nothing.
    hits.length = 0;
    await executeRun({ ...t.app.ctx.execution, events: t.app.ctx.events }, { runId });
    expect(hits).toEqual([]);
  });

  it('ends a run failed with a reason when it cannot run', async () => {
    // The collection vanished before a worker got to the run: failed for good at once (retrying cannot help) —
    // never left `running`.
    const [orphan] = await t.ctx.db
      .insert(runs)
      .values({
        workspaceId,
        collectionId: '00000000-0000-4000-8000-000000000000',
        collectionName: 'gone',
        options: {},
        createdBy: owner.id,
      })
      .returning();
    const runId = orphan?.id ?? '';
    const jobId = await t.app.ctx.jobs.enqueue({
      type: 'run',
      workspaceId,
      userId: owner.id,
      payload: { runId },
    });
    await t.app.ctx.jobs.drain();
    const run = (
      await t.app.inject({ method: 'GET', url: `/api/runs/${runId}`, headers: owner.headers })
    ).json();
    expect(run.status).toBe('failed');
    expect(run.reason).toMatch(/Collection not found/);
    const job = (
      await t.app.inject({ method: 'GET', url: `/api/jobs/${jobId}`, headers: owner.headers })
    ).json();
    expect(job).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('checks roles and existence', async () => {
    const id = await collection();
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/collections/${id}/runs`,
          headers: outsider.headers,
          payload: {},
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/collections/${id}/runs`,
          headers: viewer.headers,
          payload: { iterations: 0 },
        })
      ).statusCode,
    ).toBe(400);
  });
});
