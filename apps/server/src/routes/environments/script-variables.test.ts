import { MASKED_SECRET, type TLiveEvent } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environments } from '../../db/schema';
import { NOT_SAVED_FOR_VIEWERS } from '../../services/environments/save-script-variables';
import {
  addMember,
  buildWorkspace,
  createSelfTargetApp,
  injectAs,
  type TestApp,
  type TestUser,
} from '../../test';

// Variables set by scripts are saved back (as in Postman): after a send, a saved request's send and a run.
let t: TestApp;
let owner: TestUser;
let viewer: TestUser;
let workspaceId: string;
let base = '';
const events: TLiveEvent[] = [];

beforeAll(async () => {
  ({ base, ...t } = await createSelfTargetApp());
  const built = await buildWorkspace(t);
  owner = built.owner;
  workspaceId = built.workspace.id;
  viewer = await addMember(t, workspaceId, 'viewer');
  t.app.ctx.events.subscribe((e) => events.push(e));
});
afterAll(() => t.close());

const SECRET = 'old-secret-token';
/** Stores the echoed token (a secret), adds a variable, drops one and sets a global. */
const SCRIPT = [
  'pm.environment.set("token", pm.response.json().query.t);',
  'pm.environment.set("fresh", "new");',
  'pm.environment.unset("gone");',
  'pm.globals.set("lastStatus", pm.response.code);',
].join('\n');

async function environment(): Promise<string> {
  const res = await injectAs(t, owner, 'POST', `/api/workspaces/${workspaceId}/environments`, {
    name: `Env ${Math.random()}`,
    variables: [
      { key: 'base', value: base },
      { key: 'token', value: SECRET, secret: true },
      { key: 'gone', value: 'bye' },
      { key: 'off', value: 'kept', enabled: false },
    ],
  });
  return res.json().id;
}

function execute(user: TestUser, environmentId: string) {
  return injectAs(t, user, 'POST', '/api/execute', {
    workspaceId,
    environmentId,
    request: {
      v: 1,
      id: 'adhoc',
      url: '{{base}}/echo/login?t=rotated-secret',
      scripts: { preRequest: '', test: SCRIPT },
    },
  });
}

/** Starts a run of the collection as `user`, works the job queue dry and returns the finished run record. */
async function runToEnd(user: TestUser, collectionId: string, options: Record<string, unknown>) {
  const run = await injectAs(t, user, 'POST', `/api/collections/${collectionId}/runs`, options);
  expect(run.statusCode, run.body).toBe(202);
  await t.app.ctx.jobs.drain();
  const finished = (await injectAs(t, user, 'GET', `/api/runs/${run.json().runId}`)).json();
  expect(finished.status).toBe('passed');
  return finished;
}

async function revealed(environmentId: string) {
  return (await injectAs(t, owner, 'GET', `/api/environments/${environmentId}?reveal=1`)).json().variables;
}

describe('variables set by scripts', () => {
  it('are saved to the environment and globals after an editor sends: secrets stay secret and encrypted', async () => {
    const envId = await environment();
    events.length = 0;
    const res = await execute(owner, envId);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().execution.warnings).toEqual([]);
    expect(await revealed(envId)).toEqual([
      { key: 'base', value: base, enabled: true, secret: false },
      { key: 'token', value: 'rotated-secret', enabled: true, secret: true },
      { key: 'off', value: 'kept', enabled: false, secret: false },
      { key: 'fresh', value: 'new', enabled: true, secret: false },
    ]);
    const [row] = await t.ctx.db.select().from(environments).where(eq(environments.id, envId));
    expect(JSON.stringify(row?.variables)).not.toContain('rotated-secret');
    expect(row?.variables[1]?.value).toMatch(/^enc:v1:/);
    // Viewers still see it masked.
    const masked = (await injectAs(t, viewer, 'GET', `/api/environments/${envId}`)).json();
    expect(masked.variables[1]).toMatchObject({ key: 'token', value: MASKED_SECRET });
    const globals = (await injectAs(t, owner, 'GET', `/api/workspaces/${workspaceId}/globals`)).json();
    expect(globals.variables).toContainEqual({
      key: 'lastStatus',
      value: '200',
      enabled: true,
      secret: false,
    });
    expect(events.filter((e) => e.type === 'environment.updated')).toEqual([
      expect.objectContaining({ actorId: owner.id, data: { environmentId: envId } }),
      expect.objectContaining({ actorId: owner.id, data: { environmentId: globals.id } }),
    ]);
  });

  it('are not saved when a viewer sends, and the response says so', async () => {
    const envId = await environment();
    const before = await revealed(envId);
    events.length = 0;
    const res = await execute(viewer, envId);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().execution.warnings).toContain(NOT_SAVED_FOR_VIEWERS);
    expect(await revealed(envId)).toEqual(before);
    expect(events).toEqual([]);
  });

  it('write nothing when the scripts change nothing', async () => {
    const envId = await environment();
    const { updatedAt } = (await injectAs(t, owner, 'GET', `/api/environments/${envId}`)).json();
    events.length = 0;
    const res = await injectAs(t, viewer, 'POST', '/api/execute', {
      workspaceId,
      environmentId: envId,
      request: {
        v: 1,
        id: 'plain',
        url: '{{base}}/echo/x',
        scripts: { preRequest: '', test: 'pm.test("ok", () => {});' },
      },
    });
    expect(res.json().execution.warnings).toEqual([]);
    expect((await injectAs(t, owner, 'GET', `/api/environments/${envId}`)).json().updatedAt).toBe(updatedAt);
    expect(events).toEqual([]);
  });

  it('are saved to collection variables when a saved request runs, and to the environment at the end of a run', async () => {
    const envId = await environment();
    const created = await injectAs(t, owner, 'POST', `/api/workspaces/${workspaceId}/collections`, {
      name: 'Vars',
      variables: [{ key: 'count', value: '1' }],
      items: [
        {
          type: 'request',
          id: 'r1',
          name: 'bump',
          url: '{{base}}/echo/bump?t=from-run',
          scripts: {
            preRequest: '',
            test: `pm.collectionVariables.set("count", String(Number(pm.collectionVariables.get("count")) + 1));\n${SCRIPT}`,
          },
        },
      ],
    });
    const collectionId = created.json().id;
    const tree = (await injectAs(t, owner, 'GET', `/api/collections/${collectionId}`)).json();
    const requestId = tree.items[0].id;
    events.length = 0;
    const sent = await injectAs(t, owner, 'POST', `/api/requests/${requestId}/execute`, {
      environmentId: envId,
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const after = (await injectAs(t, owner, 'GET', `/api/collections/${collectionId}`)).json();
    expect(after.variables).toEqual([{ key: 'count', value: '2', enabled: true, secret: false }]);
    expect(after.revision).toBeGreaterThan(tree.revision);
    expect(events.map((e) => e.type)).toContain('collection.updated');

    await runToEnd(owner, collectionId, { environmentId: envId, iterations: 2 });
    const vars = await revealed(envId);
    expect(vars).toContainEqual({ key: 'token', value: 'from-run', enabled: true, secret: true });
    const count = (await injectAs(t, owner, 'GET', `/api/collections/${collectionId}`)).json().variables;
    expect(count).toEqual([{ key: 'count', value: '4', enabled: true, secret: false }]);
  });

  it('are not saved when a viewer runs a collection, and the run report says so', async () => {
    const envId = await environment();
    const before = await revealed(envId);
    const created = await injectAs(t, owner, 'POST', `/api/workspaces/${workspaceId}/collections`, {
      name: 'Viewer run',
      items: [
        {
          type: 'request',
          id: 'v1',
          name: 'set',
          url: '{{base}}/echo/v?t=by-viewer',
          scripts: { preRequest: '', test: SCRIPT },
        },
      ],
    });
    const finished = await runToEnd(viewer, created.json().id, { environmentId: envId });
    expect(finished.report.warnings).toEqual([NOT_SAVED_FOR_VIEWERS]);
    expect(await revealed(envId)).toEqual(before);
  });
});

describe('secret values a script stores during a run', () => {
  it('are masked in every later execution, its history and the report', async () => {
    const envId = await environment();
    // The first request "logs in" (its response carries a fresh token, stored in the secret variable); the
    // next requests send it in a header, the URL and the body, and log it.
    const use = (name: string) => ({
      type: 'request',
      id: name,
      name,
      method: 'POST',
      url: '{{base}}/echo/use?token={{token}}',
      headers: [{ key: 'Authorization', value: 'Bearer {{token}}' }],
      body: { mode: 'raw', raw: '{"t":"{{token}}"}', language: 'json' },
      scripts: { preRequest: '', test: 'console.log("token is " + pm.environment.get("token"));' },
    });
    const created = await injectAs(t, owner, 'POST', `/api/workspaces/${workspaceId}/collections`, {
      name: 'Token run',
      items: [
        {
          type: 'request',
          id: 'login',
          name: 'login',
          url: '{{base}}/echo/login?t=fresh-token-value',
          scripts: { preRequest: '', test: 'pm.environment.set("token", pm.response.json().query.t);' },
        },
        use('first'),
        use('second'),
      ],
    });
    const finished = await runToEnd(owner, created.json().id, { environmentId: envId, iterations: 2 });
    const executions = finished.report.executions;
    expect(executions).toHaveLength(6);
    const used = executions.filter((e: { name: string }) => e.name !== 'login');
    for (const e of used) {
      expect(e.request.url).toContain(`token=${MASKED_SECRET}`);
      expect(e.request.headers).toContainEqual({ key: 'Authorization', value: `Bearer ${MASKED_SECRET}` });
      expect(e.console[0].message).toBe(`token is ${MASKED_SECRET}`);
    }
    // Response bodies are kept as received (the echo reflects the token): the owner sees them; nothing else holds
    // the token, and a viewer sees the bodies masked too.
    const bodiesOut = (text: string) => text.replace(/"body":"(?:[^"\\]|\\.)*"/g, '"body":""');
    expect(JSON.stringify(finished)).toContain('fresh-token-value');
    expect(bodiesOut(JSON.stringify(finished))).not.toContain('fresh-token-value');
    const history = await injectAs(t, owner, 'GET', `/api/workspaces/${workspaceId}/history?limit=50`);
    expect(history.statusCode, history.body).toBe(200);
    expect(bodiesOut(history.body)).not.toContain('fresh-token-value');
    for (const path of [`/api/runs/${finished.id}`, `/api/workspaces/${workspaceId}/history?limit=50`]) {
      const seen = await injectAs(t, viewer, 'GET', path);
      expect(seen.statusCode, seen.body).toBe(200);
      expect(seen.body).not.toContain('fresh-token-value');
      expect(seen.body).toContain(MASKED_SECRET);
    }
  });
});
