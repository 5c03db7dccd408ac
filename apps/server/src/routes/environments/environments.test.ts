import { MASKED_SECRET } from '@apiplay/core';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, environments } from '../../db/schema';
import {
  addMember,
  buildUser,
  buildWorkspace,
  createTestApp,
  injectAs,
  type TestApp,
  type TestMethod,
  type TestUser,
} from '../../test';

let t: TestApp;
let owner: TestUser;
let editor: TestUser;
let viewer: TestUser;
let outsider: TestUser;
let workspaceId: string;
const logs: string[] = [];

beforeAll(async () => {
  const { Writable } = await import('node:stream');
  const logStream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  t = await createTestApp({ env: { LOG_LEVEL: 'debug' }, logStream });
  const built = await buildWorkspace(t);
  owner = built.owner;
  workspaceId = built.workspace.id;
  editor = await addMember(t, workspaceId, 'editor');
  viewer = await addMember(t, workspaceId, 'viewer');
  outsider = await buildUser(t);
});
afterAll(() => t.close());

function call(user: TestUser, method: TestMethod, url: string, payload?: unknown) {
  return injectAs(t, user, method, url, payload);
}

const SECRET = 'sk_live_never_in_logs_42';

describe('environments', () => {
  let envId = '';

  it('creates with a secret encrypted at rest and masked in responses', async () => {
    const res = await call(editor, 'POST', `/api/workspaces/${workspaceId}/environments`, {
      name: 'Prod',
      variables: [
        { key: 'base', value: 'https://api.example.com' },
        { key: 'token', value: SECRET, secret: true },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    envId = res.json().id;
    expect(res.json().variables).toEqual([
      { key: 'base', value: 'https://api.example.com', enabled: true, secret: false },
      { key: 'token', value: MASKED_SECRET, enabled: true, secret: true },
    ]);
    const [row] = await t.ctx.db.select().from(environments).where(eq(environments.id, envId));
    expect(JSON.stringify(row?.variables)).not.toContain(SECRET);
    expect(row?.variables[1]?.value).toMatch(/^enc:v1:/);
  });

  it('lists and gets masked for viewers; reveal is editor-only and audit-logged', async () => {
    const list = await call(viewer, 'GET', `/api/workspaces/${workspaceId}/environments`);
    expect(list.json().items[0].variables[1].value).toBe(MASKED_SECRET);
    expect((await call(viewer, 'GET', `/api/environments/${envId}`)).json().variables[1].value).toBe(
      MASKED_SECRET,
    );
    expect((await call(viewer, 'GET', `/api/environments/${envId}?reveal=1`)).statusCode).toBe(403);
    const revealed = await call(editor, 'GET', `/api/environments/${envId}?reveal=1`);
    expect(revealed.json()).toMatchObject({ revealed: true });
    expect(revealed.json().variables[1].value).toBe(SECRET);
    const audits = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'environment.secrets_revealed'), eq(auditEvents.targetId, envId)));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.actorId).toBe(editor.id);
    expect(JSON.stringify(audits)).not.toContain(SECRET);
  });

  it('keeps a secret sent back masked and re-encrypts a changed one', async () => {
    const shown = (await call(editor, 'GET', `/api/environments/${envId}`)).json();
    const upd = await call(editor, 'PATCH', `/api/environments/${envId}`, {
      name: 'Production',
      variables: [...shown.variables, { key: 'other', value: 'new-secret', secret: true }],
    });
    expect(upd.statusCode).toBe(200);
    const revealed = (await call(owner, 'GET', `/api/environments/${envId}?reveal=true`)).json();
    expect(revealed.name).toBe('Production');
    expect(revealed.variables.map((v: { value: string }) => v.value)).toEqual([
      'https://api.example.com',
      SECRET,
      'new-secret',
    ]);
  });

  it('never writes secret values to the logs', () => {
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toContain(SECRET);
    expect(logs.join('\n')).not.toContain('new-secret');
  });

  it('enforces roles and membership', async () => {
    expect(
      (await call(viewer, 'POST', `/api/workspaces/${workspaceId}/environments`, { name: 'x' })).statusCode,
    ).toBe(403);
    expect((await call(viewer, 'PATCH', `/api/environments/${envId}`, { name: 'x' })).statusCode).toBe(403);
    expect((await call(viewer, 'DELETE', `/api/environments/${envId}`)).statusCode).toBe(403);
    expect(
      (await call(viewer, 'PUT', `/api/workspaces/${workspaceId}/globals`, { variables: [] })).statusCode,
    ).toBe(403);
    expect((await call(outsider, 'GET', `/api/environments/${envId}`)).statusCode).toBe(404);
    expect((await call(outsider, 'GET', `/api/workspaces/${workspaceId}/environments`)).statusCode).toBe(404);
    expect((await call(outsider, 'GET', `/api/workspaces/${workspaceId}/globals`)).statusCode).toBe(404);
  });

  it('manages the workspace globals', async () => {
    const empty = await call(viewer, 'GET', `/api/workspaces/${workspaceId}/globals`);
    expect(empty.json()).toMatchObject({ kind: 'globals', variables: [] });
    const put = await call(editor, 'PUT', `/api/workspaces/${workspaceId}/globals`, {
      variables: [
        { key: 'g', value: 'x' },
        { key: 'gs', value: 'hidden', secret: true },
      ],
    });
    expect(put.json().variables[1].value).toBe(MASKED_SECRET);
    expect((await call(viewer, 'GET', `/api/workspaces/${workspaceId}/globals`)).json().id).toBe(
      empty.json().id,
    );
    const list = await call(viewer, 'GET', `/api/workspaces/${workspaceId}/environments`);
    expect(list.json().items.map((e: { kind: string }) => e.kind)).toEqual(['environment']);
    expect((await call(editor, 'DELETE', `/api/environments/${empty.json().id}`)).statusCode).toBe(404);
  });

  it('deletes', async () => {
    expect((await call(editor, 'DELETE', `/api/environments/${envId}`)).statusCode).toBe(204);
    expect((await call(editor, 'GET', `/api/environments/${envId}`)).statusCode).toBe(404);
  });
});
