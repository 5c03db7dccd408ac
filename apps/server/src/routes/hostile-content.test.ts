import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyEntries, runExecutions, runs } from '../db/schema';
import { buildWorkspace, createTestApp, type TestApp, type TestUser } from '../test';

// What scripts and targets produce is stored safely (NUL, lone surrogates), runs never crash the process, folder
// trees and JSON inputs have depth limits, and failed jobs never show their internals.

let t: TestApp;
let owner: TestUser;
let workspaceId: string;
let target: Server;
let base = '';
/** Runs of this collection are deleted by the target while they run (their recording then fails). */
let vanishingCollection = '';
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => {
  rejections.push(reason);
};

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  t = await createTestApp({ env: { EXECUTION_ALLOWED_HOSTS: '127.0.0.1' } });
  target = createServer((req, res) => {
    if (req.url?.startsWith('/vanish')) {
      t.ctx.db
        .delete(runs)
        .where(eq(runs.collectionId, vanishingCollection))
        .then(
          () => res.end('gone'),
          () => res.end('gone'),
        );
      return;
    }
    if (req.url?.startsWith('/nul')) {
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end('a\u0000b');
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ path: req.url }));
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  const built = await buildWorkspace(t);
  owner = built.owner;
  workspaceId = built.workspace.id;
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  target.closeAllConnections();
  target.close();
  await t.close();
});

// Script text is API input (so it holds no NUL itself); the scripts build NUL and lone surrogates at run time.
const hostileTests = [
  'const nul = String.fromCharCode(0);',
  'pm.test("bad" + nul + "name", () => {});',
  'pm.test("lone \\ud800 half", () => {});',
  'console.log("console", "\\udc00", "end" + nul);',
].join('\n');

async function post(url: string, payload: object) {
  return t.app.inject({ method: 'POST', url, headers: owner.headers, payload });
}

describe('text produced by scripts and targets', () => {
  it('a run whose test names hold NUL completes, is recorded, and the process stays up', async () => {
    const created = await post(`/api/workspaces/${workspaceId}/collections`, {
      name: 'NUL run',
      items: [1, 2, 3].map((n) => ({
        type: 'request',
        id: `r${n}`,
        name: `step ${n}`,
        url: `${base}/${n === 2 ? 'nul' : 'step'}/${n}`,
        scripts: { preRequest: '', test: hostileTests },
      })),
    });
    expect(created.statusCode, created.body).toBe(201);
    const started = await post(`/api/collections/${created.json().id}/runs`, {});
    expect(started.statusCode, started.body).toBe(202);
    const { runId } = started.json();
    await t.app.ctx.jobs.drain();
    const run = await t.app.inject({ method: 'GET', url: `/api/runs/${runId}`, headers: owner.headers });
    expect(run.statusCode).toBe(200);
    const body = run.json();
    expect(body).toMatchObject({ status: 'passed', total: 3, completed: 3 });
    expect(body.executions[0].assertions.map((a: { name: string }) => a.name)).toEqual([
      'bad\uFFFDname',
      'lone \uFFFD half',
    ]);
    // QuickJS hands console text over as a C string: it ends at the NUL.
    expect(body.executions[0].console[0].message).toMatch(/^console \uFFFD+ end/);
    // The NUL body is kept exactly, as base64.
    expect(body.executions[1].response.bodyEncoding).toBe('base64');
    expect(Buffer.from(body.executions[1].response.body, 'base64').toString()).toBe('a\u0000b');
    const rows = await t.ctx.db.select().from(runExecutions).where(eq(runExecutions.runId, runId));
    expect(rows).toHaveLength(3);
    const history = await t.ctx.db.select().from(historyEntries).where(eq(historyEntries.runId, runId));
    expect(history).toHaveLength(3);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect(rejections).toEqual([]);
  });

  it('a run whose recording fails ends its job without an unhandled rejection', async () => {
    const created = await post(`/api/workspaces/${workspaceId}/collections`, {
      name: 'vanishing run',
      items: [1, 2, 3, 4].map((n) => ({
        type: 'request',
        id: `v${n}`,
        name: `v${n}`,
        url: `${base}/vanish/${n}`,
      })),
    });
    vanishingCollection = created.json().id;
    const started = await post(`/api/collections/${vanishingCollection}/runs`, {});
    expect(started.statusCode, started.body).toBe(202);
    await t.app.ctx.jobs.drain();
    // The run row is gone, so its executions cannot be recorded: the job fails that attempt and the retry finds
    // nothing left to run. The process never sees an unhandled rejection.
    const rows = await t.ctx.db.select().from(runs).where(eq(runs.collectionId, vanishingCollection));
    expect(rows).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect(rejections).toEqual([]);
  });

  it('a send with NUL in test names, a script-set header and the response body returns a historyId that exists', async () => {
    const res = await post('/api/execute', {
      workspaceId,
      request: {
        v: 1,
        id: 'nul',
        name: 'nul',
        method: 'GET',
        url: `${base}/nul`,
        scripts: { preRequest: '', test: hostileTests },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { historyId, execution } = res.json();
    expect(execution.assertions.map((a: { name: string }) => a.name)).toContain('bad\uFFFDname');
    expect(execution.response.bodyEncoding).toBe('base64');
    await t.app.ctx.execution.history.flush();
    const entry = await t.app.inject({
      method: 'GET',
      url: `/api/history/${historyId}`,
      headers: owner.headers,
    });
    expect(entry.statusCode, entry.body).toBe(200);
    expect(JSON.stringify(entry.json())).not.toContain('\\u0000');
    expect(rejections).toEqual([]);
  });

  it('a header a script set with a lone surrogate is recorded with the failed send', async () => {
    const res = await post('/api/execute', {
      workspaceId,
      request: {
        v: 1,
        id: 'hdr',
        name: 'hdr',
        method: 'GET',
        url: `${base}/step`,
        scripts: { preRequest: 'pm.request.headers.add({ key: "X-Lone", value: "a\\ud800" });', test: '' },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { historyId, execution } = res.json();
    expect(execution.request.headers).toContainEqual({ key: 'X-Lone', value: 'a\uFFFD' });
    await t.app.ctx.execution.history.flush();
    const entry = await t.app.inject({
      method: 'GET',
      url: `/api/history/${historyId}`,
      headers: owner.headers,
    });
    expect(entry.statusCode, entry.body).toBe(200);
  });

  it('variables a script sets with NUL are saved safely', async () => {
    const env = await post(`/api/workspaces/${workspaceId}/environments`, {
      name: 'E',
      variables: [{ key: 'v', value: 'old' }],
    });
    expect(env.statusCode, env.body).toBe(201);
    const res = await post('/api/execute', {
      workspaceId,
      environmentId: env.json().id,
      request: {
        v: 1,
        id: 'set',
        name: 'set',
        method: 'GET',
        url: `${base}/step`,
        scripts: {
          preRequest: '',
          test: 'pm.environment.set("v", "x" + String.fromCharCode(0) + "\\ud800");',
        },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const saved = await t.app.inject({
      method: 'GET',
      url: `/api/environments/${env.json().id}`,
      headers: owner.headers,
    });
    expect(saved.json().variables.find((v: { key: string }) => v.key === 'v').value).toBe('x\uFFFD\uFFFD');
  });
});

describe('depth limits', () => {
  it('refuses 5k-deep iterationData with 400 naming the field', async () => {
    const created = await post(`/api/workspaces/${workspaceId}/collections`, { name: 'deep data' });
    // Built as text: the test's own JSON.stringify would run out of stack first.
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/collections/${created.json().id}/runs`,
      headers: { ...owner.headers, 'content-type': 'application/json' },
      payload: `{"iterationData":[{"x":${'{"d":'.repeat(5000)}1${'}'.repeat(5000)}}]}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(
      /^body\.iterationData\.0\.x\.d\.d.*: must not nest deeper than 256/,
    );
  });

  it('folders nest at most 64 levels: create, move, a collection body and an import refuse deeper', async () => {
    const created = await post(`/api/workspaces/${workspaceId}/collections`, { name: 'deep folders' });
    const collectionId = created.json().id;
    const folder = async (parentId: string | null, name: string) =>
      post(`/api/collections/${collectionId}/items`, { type: 'folder', name, parentId });
    let parentId: string | null = null;
    for (let i = 0; i < 64; i++) {
      const res = await folder(parentId, `f${i}`);
      expect(res.statusCode, res.body).toBe(201);
      parentId = res.json().item.id;
    }
    const tooDeep = await folder(parentId, 'f64');
    expect(tooDeep.statusCode).toBe(400);
    expect(tooDeep.json().error.message).toBe('body.parentId: folders nest at most 64 levels deep');
    // A request at the bottom is fine: only folders count.
    expect(
      (await post(`/api/collections/${collectionId}/items`, { type: 'request', name: 'r', parentId }))
        .statusCode,
    ).toBe(201);

    // Moves: a chain of two folders under the 63rd level would make 65.
    const a = await folder(null, 'a');
    const b = await folder(a.json().item.id, 'b');
    expect(b.statusCode).toBe(201);
    const chain = await t.app.inject({
      method: 'GET',
      url: `/api/collections/${collectionId}`,
      headers: owner.headers,
    });
    expect(chain.statusCode).toBe(200);
    let level63: { id: string; items: { id: string; type: string; items: unknown[] }[] } =
      chain.json().items[0];
    for (let i = 1; i < 63; i++) {
      level63 = level63.items.find((x) => x.type === 'folder') as typeof level63;
    }
    const move = await t.app.inject({
      method: 'POST',
      url: `/api/items/${a.json().item.id}/move`,
      headers: owner.headers,
      payload: { parentId: level63.id, position: 0 },
    });
    expect(move.statusCode, move.body).toBe(400);
    expect(move.json().error.message).toBe('body.parentId: folders nest at most 64 levels deep');
    // One level fits.
    const moveB = await t.app.inject({
      method: 'POST',
      url: `/api/items/${b.json().item.id}/move`,
      headers: owner.headers,
      payload: { parentId: level63.id, position: 0 },
    });
    expect(moveB.statusCode, moveB.body).toBe(200);
    // Reads, export and duplicate of the deepest allowed tree work.
    for (const url of [`/api/collections/${collectionId}`, `/api/collections/${collectionId}/export`]) {
      expect((await t.app.inject({ method: 'GET', url, headers: owner.headers })).statusCode).toBe(200);
    }
    const dup = await t.app.inject({
      method: 'POST',
      url: `/api/items/${chain.json().items[0].id}/duplicate`,
      headers: owner.headers,
    });
    expect(dup.statusCode, dup.body).toBe(201);

    // A whole tree in a collection body.
    type Tree = { type: 'folder'; id: string; name: string; items: Tree[] };
    let tree: Tree[] = [];
    for (let i = 0; i < 65; i++) {
      tree = [{ type: 'folder', id: `n${i}`, name: `n${i}`, items: tree }];
    }
    const body = await post(`/api/workspaces/${workspaceId}/collections`, { name: 'deep body', items: tree });
    expect(body.statusCode).toBe(400);
    expect(body.json().error.message).toBe('body.items: folders nest at most 64 levels deep');

    // An import 3,000 folders deep (built as text: the test's own JSON.stringify would run out of stack).
    const info =
      '{"name":"deep","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}';
    const leaf = '{"name":"leaf","request":{"method":"GET","url":"http://x/"}}';
    const imported = await post(`/api/workspaces/${workspaceId}/import`, {
      content: `{"info":${info},"item":[${'{"name":"f","item":['.repeat(3000)}${leaf}${']}'.repeat(3000)}]}`,
    });
    // Refused by the importer (it returns its failure) or by the folder limit, depending on the stack at hand.
    expect(imported.statusCode, imported.body.slice(0, 200)).toBe(400);
    const shallow = `{"info":${info},"item":[${'{"name":"f","item":['.repeat(70)}${leaf}${']}'.repeat(70)}]}`;
    const imported70 = await post(`/api/workspaces/${workspaceId}/import`, { content: shallow });
    expect(imported70.statusCode, imported70.body.slice(0, 200)).toBe(400);
    expect(imported70.json().error.message).toBe('content: folders nest at most 64 levels deep');
  });

  it('an import holding NUL in a name is refused naming the place', async () => {
    const res = await post(`/api/workspaces/${workspaceId}/import`, {
      content:
        '{"info":{"name":"a\\u0000b","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[]}',
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.message).toMatch(/^content\.collections\.0\.name: must not contain NUL/);
  });
});

describe('failed jobs', () => {
  it('say what failed with a code, never the SQL or its parameters', async () => {
    const jobId = await t.app.ctx.jobs.enqueue({
      type: 'execute',
      workspaceId,
      userId: owner.id,
      // A database error: the id is not a uuid. Its message would carry the statement and parameters.
      payload: { workspaceId: 'not-a-uuid', userId: owner.id, itemId: 'also-not-a-uuid' },
    });
    await t.app.ctx.jobs.drain();
    const res = await t.app.inject({ method: 'GET', url: `/api/jobs/${jobId}`, headers: owner.headers });
    expect(res.statusCode).toBe(200);
    const job = res.json();
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^INTERNAL: /);
    expect(job.error).not.toMatch(/select|params|not-a-uuid/i);
  });
});
