import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test';

interface Item {
  type: string;
  id: string;
  name: string;
  items?: Item[];
}

const requestsOf = (items: Item[]): Item[] =>
  items.flatMap((i) => (i.type === 'folder' ? requestsOf(i.items ?? []) : [i]));

/**
 * The first hour, in both modes: a new account's sample collection runs green from the Runner with its defaults
 * (no environment) and from Send with no environment. `server mode` refuses loopback targets as a team server does
 * (EXECUTION_ALLOW_PRIVATE=false, nothing allow-listed): the sample still reaches the built-in echo by name.
 */
describe.each([
  ['embedded mode', {}],
  ['server mode (loopback refused)', { EXECUTION_ALLOW_PRIVATE: 'false' }],
])('sample content of a new account, %s', (_mode, env: Record<string, string>) => {
  let t: TestApp;
  let port = 0;
  let headers: Record<string, string> = {};
  let workspaceId = '';
  let collectionId = '';

  beforeAll(async () => {
    t = await createTestApp({ env });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
    const reg = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'sample@example.test', password: 'Sample-Password-4242!', name: 'Sample' },
    });
    expect(reg.statusCode, reg.body).toBe(201);
    headers = { authorization: `Bearer ${reg.json().accessToken}` };
    workspaceId = (await t.app.inject({ method: 'GET', url: '/api/workspaces', headers })).json().items[0].id;
    const collections = (
      await t.app.inject({ method: 'GET', url: `/api/workspaces/${workspaceId}/collections`, headers })
    ).json();
    expect(collections.items.map((c: { name: string }) => c.name)).toEqual(['Getting started']);
    collectionId = collections.items[0].id;
  });
  afterAll(() => t.close());

  it('runs green from the Runner with its defaults (no environment)', async () => {
    const run = await t.app.inject({
      method: 'POST',
      url: `/api/collections/${collectionId}/runs`,
      headers,
      payload: {},
    });
    expect(run.statusCode, run.body).toBe(202);
    await t.app.ctx.jobs.drain();
    const result = (
      await t.app.inject({ method: 'GET', url: `/api/runs/${run.json().runId}`, headers })
    ).json();
    expect(
      result.status,
      JSON.stringify(result.report?.executions?.map((e: { error?: unknown }) => e.error)),
    ).toBe('passed');
    expect(result.report.stats).toMatchObject({
      requests: { total: 5, failed: 0 },
      assertions: { total: 6, failed: 0 },
    });
  });

  it('runs green from Send with no environment, each request with its saved item', async () => {
    const tree = (
      await t.app.inject({ method: 'GET', url: `/api/collections/${collectionId}`, headers })
    ).json();
    const requests = requestsOf(tree.items);
    expect(requests).toHaveLength(5);
    for (const item of requests) {
      const saved = (await t.app.inject({ method: 'GET', url: `/api/items/${item.id}`, headers })).json()
        .item;
      const { type: _type, ...fields } = saved;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/execute',
        headers,
        payload: { workspaceId, collectionId, itemId: item.id, request: { v: 1, ...fields } },
      });
      expect(res.statusCode, res.body).toBe(200);
      const { execution } = res.json();
      expect(execution.error, item.name).toBeUndefined();
      expect(execution.request.url.startsWith('http://apiplay.internal/echo/'), item.name).toBe(true);
      expect(execution.assertions.length, item.name).toBeGreaterThan(0);
      expect(
        execution.assertions.every((a: { passed: boolean }) => a.passed),
        `${item.name}: ${JSON.stringify(execution.assertions)}`,
      ).toBe(true);
    }
  });

  it.each([
    ['the server’s own /api', 'http://apiplay.internal/api/auth/me', /only the built-in targets/],
    ['another port', 'http://apiplay.internal:6379/echo/get', /served only as http:\/\/apiplay.internal/],
    ['TLS', 'https://apiplay.internal/echo/get', /served only as http:\/\/apiplay.internal/],
  ])('the built-in name reaches nothing else: %s is refused', async (_what, url, reason) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/execute',
      headers,
      payload: { workspaceId, request: { v: 1, id: 'x', url } },
    });
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().error.code).toBe('TARGET_FORBIDDEN');
    expect(res.json().error.message).toMatch(reason);
  });

  if (env.EXECUTION_ALLOW_PRIVATE === 'false') {
    it('loopback itself stays closed: the same echo by address is refused', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/execute',
        headers,
        payload: { workspaceId, request: { v: 1, id: 'x', url: `http://127.0.0.1:${port}/echo/get` } },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('TARGET_FORBIDDEN');
    });
  }
});
