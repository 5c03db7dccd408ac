import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  buildUser,
  buildWorkspace,
  createTestApp,
  injectAs,
  type TestApp,
  type TestUser,
} from '../../test';

let t: TestApp;
let owner: TestUser;
let viewer: TestUser;
let outsider: TestUser;
let workspaceId = '';
let envId = '';

beforeAll(async () => {
  t = await createTestApp();
  const built = await buildWorkspace(t);
  owner = built.owner;
  workspaceId = built.workspace.id;
  viewer = await addMember(t, workspaceId, 'viewer');
  outsider = await buildUser(t);
  envId = (
    await injectAs(t, owner, 'POST', `/api/workspaces/${workspaceId}/environments`, {
      name: 'Staging',
      variables: [],
    })
  ).json().id;
});
afterAll(() => t.close());

const url = () => `/api/workspaces/${workspaceId}/preferences`;

describe('GET|PUT /api/workspaces/:id/preferences (the active environment, per member)', () => {
  it('starts with none, keeps what each member chose, separately', async () => {
    expect((await injectAs(t, viewer, 'GET', url())).json()).toEqual({ activeEnvironmentId: null });
    const put = await injectAs(t, viewer, 'PUT', url(), { activeEnvironmentId: envId });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toEqual({ activeEnvironmentId: envId });
    // A reload (or another device) reads it back; the owner's own choice is untouched.
    expect((await injectAs(t, viewer, 'GET', url())).json()).toEqual({ activeEnvironmentId: envId });
    expect((await injectAs(t, owner, 'GET', url())).json()).toEqual({ activeEnvironmentId: null });
    await injectAs(t, viewer, 'PUT', url(), { activeEnvironmentId: null });
    expect((await injectAs(t, viewer, 'GET', url())).json()).toEqual({ activeEnvironmentId: null });
  });

  it('refuses an environment of another workspace, the globals and an unknown id (400 naming the field)', async () => {
    const globalsId = (await injectAs(t, owner, 'GET', `/api/workspaces/${workspaceId}/globals`)).json().id;
    const foreignWs = (await injectAs(t, outsider, 'GET', '/api/workspaces')).json().items[0].id;
    const foreignEnv = (
      await injectAs(t, outsider, 'POST', `/api/workspaces/${foreignWs}/environments`, {
        name: 'Theirs',
        variables: [],
      })
    ).json().id;
    for (const id of [globalsId, foreignEnv, '00000000-0000-4000-8000-000000000000']) {
      const res = await injectAs(t, owner, 'PUT', url(), { activeEnvironmentId: id });
      expect(res.statusCode, id).toBe(400);
      expect(res.json().error.message).toContain('activeEnvironmentId');
    }
    const bad = await injectAs(t, owner, 'PUT', url(), { activeEnvironmentId: 'staging' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('activeEnvironmentId');
  });

  it('is 404 for non-members, and clears when the environment is deleted', async () => {
    expect((await injectAs(t, outsider, 'GET', url())).statusCode).toBe(404);
    expect((await injectAs(t, outsider, 'PUT', url(), { activeEnvironmentId: null })).statusCode).toBe(404);
    await injectAs(t, owner, 'PUT', url(), { activeEnvironmentId: envId });
    expect((await injectAs(t, owner, 'DELETE', `/api/environments/${envId}`)).statusCode).toBe(204);
    expect((await injectAs(t, owner, 'GET', url())).json()).toEqual({ activeEnvironmentId: null });
  });
});
