import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSelfTargetApp, type TestApp } from '../../test';

let t: TestApp;
let base = '';

beforeAll(async () => {
  ({ base, ...t } = await createSelfTargetApp());
});
afterAll(() => t.close());

describe('sample content of a new account', () => {
  it('registration seeds a sample collection and environment whose tests pass against the echo', async () => {
    const reg = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'sample@example.test', password: 'Sample-Password-4242!', name: 'Sample' },
    });
    expect(reg.statusCode, reg.body).toBe(201);
    const headers = { authorization: `Bearer ${reg.json().accessToken}` };
    const ws = (await t.app.inject({ method: 'GET', url: '/api/workspaces', headers })).json().items[0].id;
    const collections = (
      await t.app.inject({ method: 'GET', url: `/api/workspaces/${ws}/collections`, headers })
    ).json();
    expect(collections.items.map((c: { name: string }) => c.name)).toEqual(['Getting started']);
    const envs = (
      await t.app.inject({ method: 'GET', url: `/api/workspaces/${ws}/environments`, headers })
    ).json();
    const env = envs.items[0];
    expect(env.name).toBe('Local');
    // Point the sample at this test server's port, then run it.
    const vars = env.variables.map((v: { key: string; value: string }) =>
      v.key === 'baseUrl' ? { ...v, value: base } : v,
    );
    await t.app.inject({
      method: 'PATCH',
      url: `/api/environments/${env.id}`,
      headers,
      payload: { variables: vars },
    });
    const run = await t.app.inject({
      method: 'POST',
      url: `/api/collections/${collections.items[0].id}/runs`,
      headers,
      payload: { environmentId: env.id },
    });
    await t.app.ctx.jobs.drain();
    const result = (
      await t.app.inject({ method: 'GET', url: `/api/runs/${run.json().runId}`, headers })
    ).json();
    expect(result.status).toBe('passed');
    expect(result.report.stats).toMatchObject({
      requests: { total: 5, failed: 0 },
      assertions: { total: 6, failed: 0 },
    });
  });
});
