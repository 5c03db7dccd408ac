import { MASKED_SECRET, ZExecuteResponse, ZRequestV1 } from '@apiplay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileExactCheck } from '../../lib/json-serializer';
import { executeRequest } from '../../services/execute/execute-request';
import {
  addMember,
  buildUser,
  buildWorkspace,
  createSelfTargetApp,
  createTestApp,
  injectAs,
  type TestApp,
  type TestMethod,
  type TestUser,
} from '../../test';

let t: TestApp;
let owner: TestUser;
let viewer: TestUser;
let outsider: TestUser;
let workspaceId: string;
let base = '';

beforeAll(async () => {
  ({ base, ...t } = await createSelfTargetApp());
  const built = await buildWorkspace(t);
  owner = built.owner;
  workspaceId = built.workspace.id;
  viewer = await addMember(t, workspaceId, 'viewer');
  outsider = await buildUser(t);
});
afterAll(() => t.close());

function call(user: TestUser, method: TestMethod, url: string, payload?: unknown) {
  return injectAs(t, user, method, url, payload);
}

const SECRET = 'tok_secret_value_123';

describe('POST /api/execute', () => {
  let envId = '';

  beforeAll(async () => {
    const env = await call(owner, 'POST', `/api/workspaces/${workspaceId}/environments`, {
      name: 'Local',
      variables: [
        { key: 'base', value: base },
        { key: 'token', value: SECRET, secret: true },
      ],
    });
    envId = env.json().id;
  });

  it('runs a request with environment variables, auth and a test script, and masks secrets', async () => {
    const res = await call(viewer, 'POST', '/api/execute', {
      workspaceId,
      environmentId: envId,
      request: {
        v: 1,
        id: 'adhoc',
        method: 'POST',
        url: '{{base}}/echo/things?x=1',
        headers: [{ key: 'X-Token', value: '{{token}}' }],
        body: { mode: 'raw', raw: '{"a":1}', language: 'json' },
        auth: { type: 'bearer', token: '{{token}}' },
        scripts: {
          preRequest: '',
          test: 'pm.test("status 200", () => pm.response.to.have.status(200)); pm.test("echo", () => pm.expect(pm.response.json().json.a).to.eql(1));',
        },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { execution, historyId } = res.json();
    expect(execution.response.status).toBe(200);
    expect(execution.assertions).toEqual([
      { name: 'status 200', passed: true, skipped: false },
      { name: 'echo', passed: true, skipped: false },
    ]);
    expect(execution.request.url).toBe(`${base}/echo/things?x=1`);
    expect(JSON.stringify(execution)).not.toContain(SECRET);
    expect(execution.request.headers).toContainEqual({ key: 'X-Token', value: MASKED_SECRET });
    const entry = await call(viewer, 'GET', `/api/history/${historyId}`);
    expect(entry.statusCode).toBe(200);
    expect(entry.json()).toMatchObject({ method: 'POST', status: 200, userId: viewer.id });
    expect(JSON.stringify(entry.json())).not.toContain(SECRET);
  });

  it('masks a value a pre-request script puts into a secret variable (history never holds it)', async () => {
    const fresh = 'fresh_token_from_script_456';
    const res = await call(viewer, 'POST', '/api/execute', {
      workspaceId,
      environmentId: envId,
      request: {
        v: 1,
        id: 'adhoc',
        url: '{{base}}/echo/login',
        auth: { type: 'bearer', token: '{{token}}' },
        scripts: { preRequest: `pm.environment.set('token', '${fresh}');`, test: '' },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { execution, historyId } = res.json();
    expect(execution.response.status).toBe(200);
    // The viewer's reply is masked, body included (the echo reflects the token).
    expect(JSON.stringify(execution)).not.toContain(fresh);
    // History keeps the body as received (the viewer's own script made this value and it was not saved, so it is
    // no workspace secret); everything else is masked.
    const entry = await call(viewer, 'GET', `/api/history/${historyId}`);
    expect(JSON.stringify({ ...entry.json(), body: '' })).not.toContain(fresh);
    expect(JSON.stringify(entry.json())).toContain(MASKED_SECRET);
  });

  it('reports transport failures as an execution error, not a server error', async () => {
    const res = await call(owner, 'POST', '/api/execute', {
      workspaceId,
      request: { v: 1, id: 'x', url: 'http://127.0.0.1:1/nothing' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().execution.error.code).toMatch(/ECONNREFUSED|NETWORK_ERROR/);
  });

  it('produces results that are already their own encoding (the response is JSON.stringify, not Zod)', async () => {
    const exact = compileExactCheck(ZExecuteResponse);
    const results = [
      { v: 1, id: 'plain', url: `${base}/echo/plain` },
      { v: 1, id: 'refused', url: 'http://127.0.0.1:1/nothing' },
      {
        v: 1,
        id: 'scripted',
        method: 'POST',
        url: '{{base}}/echo/cookie?x=1',
        headers: [{ key: 'X-Token', value: '{{token}}' }],
        body: { mode: 'raw', raw: '{"a":1}', language: 'json' },
        scripts: {
          preRequest: 'console.log("hi")',
          test: 'pm.test("ok", () => {}); pm.test("no", () => { throw new Error("x") });',
        },
      },
    ].map((request) =>
      executeRequest(t.app.ctx.execution, {
        workspaceId,
        userId: viewer.id,
        environmentId: envId,
        request: ZRequestV1.parse(request),
      }),
    );
    for (const result of await Promise.all(results)) {
      expect(exact?.(result), JSON.stringify(result)).toBe(true);
    }
  });

  it('checks membership and the environment workspace', async () => {
    const body = { workspaceId, request: { v: 1, id: 'x', url: `${base}/echo` } };
    expect((await call(outsider, 'POST', '/api/execute', body)).statusCode).toBe(404);
    const other = await buildWorkspace(t, { owner });
    const foreignEnv = await call(owner, 'POST', `/api/workspaces/${other.workspace.id}/environments`, {
      name: 'Other',
    });
    const res = await call(owner, 'POST', '/api/execute', { ...body, environmentId: foreignEnv.json().id });
    expect(res.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/api/execute', payload: body })).statusCode).toBe(401);
  });

  it('queues with ?async=1 and exposes the result as a job', async () => {
    const res = await call(viewer, 'POST', '/api/execute?async=1', {
      workspaceId,
      request: { v: 1, id: 'x', url: `${base}/echo/async` },
    });
    expect(res.statusCode).toBe(202);
    const { jobId } = res.json();
    await t.app.ctx.jobs.drain();
    const job = await call(viewer, 'GET', `/api/jobs/${jobId}`);
    expect(job.json()).toMatchObject({ status: 'completed', type: 'execute', attempts: 1 });
    expect(job.json().result.execution.response.status).toBe(200);
    expect((await call(outsider, 'GET', `/api/jobs/${jobId}`)).statusCode).toBe(404);
  });
});

describe('workspace globals in executions', () => {
  it('uses the current globals right after they change', async () => {
    for (const value of ['one', 'two']) {
      const put = await call(owner, 'PUT', `/api/workspaces/${workspaceId}/globals`, {
        variables: [{ key: 'g', value }],
      });
      expect(put.statusCode).toBe(200);
      const res = await call(owner, 'POST', '/api/execute', {
        workspaceId,
        request: { v: 1, id: 'x', url: `${base}/echo/globals?g={{g}}` },
      });
      expect(res.json().execution.response.body).toContain(`"g":"${value}"`);
    }
  });
});

describe('POST /api/requests/:id/execute', () => {
  it('applies inherited collection auth, folder variables and scripts', async () => {
    const col = await call(owner, 'POST', `/api/workspaces/${workspaceId}/collections`, {
      name: 'Inherit',
      auth: { type: 'basic', username: 'u', password: 'p' },
      variables: [{ key: 'base', value: base }],
      scripts: { preRequest: 'pm.variables.set("fromRoot", "root-ran")', test: '' },
      items: [
        {
          type: 'folder',
          id: 'f',
          name: 'F',
          variables: [{ key: 'user', value: 'u' }],
          items: [
            {
              type: 'request',
              id: 'r',
              name: 'R',
              url: '{{base}}/echo/basic-auth/{{user}}/p?root={{fromRoot}}',
              auth: { type: 'inherit' },
            },
          ],
        },
      ],
    });
    const tree = await call(owner, 'GET', `/api/collections/${col.json().id}`);
    const requestId = tree.json().items[0].items[0].id;
    const res = await call(viewer, 'POST', `/api/requests/${requestId}/execute`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().execution.response.status).toBe(200);
    expect(res.json().execution.request.url).toContain('root=root-ran');
    const entry = await call(owner, 'GET', `/api/history/${res.json().historyId}`);
    expect(entry.json().requestItemId).toBe(requestId);
    expect((await call(outsider, 'POST', `/api/requests/${requestId}/execute`, {})).statusCode).toBe(404);
  });
});

describe('POST /api/execute with the itemId of the saved request a draft belongs to', () => {
  let collectionId = '';
  let requestId = '';

  beforeAll(async () => {
    const col = await call(owner, 'POST', `/api/workspaces/${workspaceId}/collections`, {
      name: 'Draft inherit',
      auth: { type: 'bearer', token: '{{rootToken}}' },
      variables: [
        { key: 'base', value: base },
        { key: 'rootToken', value: 'root-token' },
      ],
      scripts: { preRequest: 'pm.variables.set("fromRoot", "root-ran")', test: '' },
      items: [
        {
          type: 'folder',
          id: 'outer',
          name: 'Outer',
          variables: [{ key: 'outerVar', value: 'outer' }],
          scripts: { preRequest: '', test: 'pm.test("outer test ran", () => {})' },
          items: [
            {
              type: 'folder',
              id: 'inner',
              name: 'Inner',
              auth: { type: 'inherit' },
              variables: [{ key: 'innerVar', value: 'inner' }],
              scripts: { preRequest: 'pm.request.headers.add({ key: "X-Inner", value: "yes" })', test: '' },
              items: [
                {
                  type: 'request',
                  id: 'r',
                  name: 'R',
                  url: '{{base}}/echo/saved',
                  auth: { type: 'inherit' },
                },
              ],
            },
          ],
        },
      ],
    });
    collectionId = col.json().id;
    const tree = await call(owner, 'GET', `/api/collections/${collectionId}`);
    requestId = tree.json().items[0].items[0].items[0].id;
  });

  const draft = () => ({
    v: 1,
    id: requestId,
    name: 'R',
    method: 'PUT',
    url: '{{base}}/echo/edited?root={{fromRoot}}&outer={{outerVar}}&inner={{innerVar}}',
    body: { mode: 'raw', raw: 'draft body', language: 'text' },
    auth: { type: 'inherit' },
    scripts: { preRequest: '', test: 'pm.test("draft test ran", () => {})' },
  });

  it('sends the draft as edited with every ancestor folder’s and the collection’s auth, variables and scripts', async () => {
    const res = await call(viewer, 'POST', '/api/execute', {
      workspaceId,
      itemId: requestId,
      request: draft(),
    });
    expect(res.statusCode, res.body).toBe(200);
    const { execution, historyId } = res.json();
    expect(execution.request.method).toBe('PUT');
    expect(execution.request.url).toBe(`${base}/echo/edited?root=root-ran&outer=outer&inner=inner`);
    expect(execution.request.headers).toContainEqual({ key: 'X-Inner', value: 'yes' });
    expect(execution.request.headers).toContainEqual({ key: 'Authorization', value: 'Bearer root-token' });
    expect(execution.request.body).toBe('draft body');
    expect(execution.path).toEqual(['Outer', 'Inner']);
    expect(execution.assertions.map((a: { name: string }) => a.name)).toEqual([
      'outer test ran',
      'draft test ran',
    ]);
    const entry = await call(owner, 'GET', `/api/history/${historyId}`);
    expect(entry.json().requestItemId).toBe(requestId);
  });

  it('without itemId the same draft gets none of it (the field is not stripped any more)', async () => {
    const res = await call(owner, 'POST', '/api/execute', { workspaceId, request: draft() });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().execution.error?.message ?? '').toMatch(/base/);
  });

  it('answers 404 for another workspace’s item and for an unknown one, 400 for a collectionId that does not hold it', async () => {
    const foreign = await call(outsider, 'POST', '/api/execute', {
      workspaceId: outsider.personalWorkspaceId,
      itemId: requestId,
      request: draft(),
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).not.toContain('Draft inherit');
    const unknown = await call(owner, 'POST', '/api/execute', {
      workspaceId,
      itemId: '00000000-0000-4000-8000-000000000000',
      request: draft(),
    });
    expect(unknown.statusCode).toBe(404);
    const other = await call(owner, 'POST', `/api/workspaces/${workspaceId}/collections`, { name: 'Other' });
    const mismatch = await call(owner, 'POST', '/api/execute', {
      workspaceId,
      itemId: requestId,
      collectionId: other.json().id,
      request: draft(),
    });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().error.message).toContain('collectionId');
    const badId = await call(owner, 'POST', '/api/execute', {
      workspaceId,
      itemId: 'not-a-uuid',
      request: draft(),
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.message).toContain('itemId');
  });
});

describe('SSRF guard in server mode', () => {
  let strict: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    strict = await createTestApp({ env: { EXECUTION_ALLOW_PRIVATE: 'false' } });
    user = await buildUser(strict);
  });
  afterAll(() => strict.close());

  it.each([
    'http://127.0.0.1:9/',
    'http://2130706433/',
    'http://[::1]/',
    'http://localhost/',
    'http://169.254.169.254/',
  ])('refuses %s with TARGET_FORBIDDEN', async (url) => {
    const res = await strict.app.inject({
      method: 'POST',
      url: '/api/execute',
      headers: user.headers,
      payload: { workspaceId: user.personalWorkspaceId, request: { v: 1, id: 'x', url } },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('TARGET_FORBIDDEN');
    expect(res.json().error.message).toMatch(/refused/);
  });
});
