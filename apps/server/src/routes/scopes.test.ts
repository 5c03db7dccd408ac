import type { TApiKeyScope } from '@apiplay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../app';
import { scopeOf } from '../plugins/auth';
import {
  buildApiKey,
  buildUser,
  buildWorkspace,
  createTestApp,
  makeAdmin,
  type TestApp,
  type TestUser,
} from '../test';

// Walks the live route table with an API key of each scope: a key without the route's scope gets 403 naming it,
// a key with it gets past the scope check. Routes added later are covered without editing this file.

const scopes: TApiKeyScope[] = ['read', 'write', 'execute', 'admin'];
const anyId = '00000000-0000-4000-8000-000000000000';

/** Writes that need only `read`, and why. Any other write declared `read` fails the table check. */
const readOnlyWrites: Record<string, string> = {
  'POST /api/codegen': 'computes a snippet from the posted request; changes nothing',
};

/** Error bodies are JSON; a passing key may get a 204 or a file (the audit export). */
function jsonOrNothing(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

describe('route table: API key scopes', () => {
  let t: TestApp;
  let routes: RouteEntry[];
  let admin: TestUser;
  let workspaceId: string;
  const keys = new Map<TApiKeyScope, { authorization: string }>();

  beforeAll(async () => {
    t = await createTestApp();
    const built = await buildWorkspace(t);
    admin = await makeAdmin(t, built.owner);
    workspaceId = built.workspace.id;
    for (const scope of scopes) {
      keys.set(scope, (await buildApiKey(t, admin, { scopes: [scope] })).headers);
    }
    routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/') && r.access?.kind !== 'public');
  });
  afterAll(async () => {
    await t.close();
  });

  it('reads need read, writes need more, and the sensitive routes need what they say', () => {
    const wrong: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.url}`;
      const scope = r.access === undefined ? 'none' : scopeOf(r.method, r.access);
      if (r.method === 'GET' && scope !== 'read' && scope !== 'admin') {
        wrong.push(`${key}: a read needing ${scope}`);
      }
      if (r.method !== 'GET' && scope === 'read' && readOnlyWrites[key] === undefined) {
        wrong.push(`${key}: a write open to read-only keys`);
      }
      if (r.url.startsWith('/api/admin/') && scope !== 'admin') {
        wrong.push(`${key}: admin route needing ${scope}`);
      }
    }
    expect(wrong).toEqual([]);
    const declared = (method: string, url: string) => {
      const r = routes.find((x) => x.method === method && x.url === url);
      return r?.access === undefined ? undefined : scopeOf(method, r.access);
    };
    expect(declared('POST', '/api/execute')).toBe('execute');
    expect(declared('POST', '/api/requests/:id/execute')).toBe('execute');
    expect(declared('POST', '/api/collections/:id/runs')).toBe('execute');
    expect(declared('POST', '/api/api-keys')).toBe('admin');
    expect(declared('DELETE', '/api/api-keys/:id')).toBe('admin');
  });

  it('every route refuses a key without its scope with 403 naming it, and lets a key with it through', async () => {
    const failures: string[] = [];
    for (const r of routes) {
      if (r.access === undefined) {
        continue;
      }
      const needed = scopeOf(r.method, r.access);
      // Random ids: the scope is checked before the resource is looked up, and nothing real gets changed.
      const url = r.url.replace(/:([A-Za-z0-9_]+)/g, anyId);
      for (const scope of scopes) {
        const res = await t.app.inject({
          method: r.method as 'GET',
          url,
          headers: keys.get(scope),
          payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
        });
        const body = jsonOrNothing(res.body) as {
          error?: { code?: string; message?: string; details?: { requiredScope?: string } };
        };
        const refusedForScope = res.statusCode === 403 && body.error?.details?.requiredScope !== undefined;
        if (scope === needed && refusedForScope) {
          failures.push(`${r.method} ${r.url} with a ${scope} key: refused (${res.body.slice(0, 120)})`);
        }
        if (scope !== needed) {
          if (!refusedForScope || body.error?.details?.requiredScope !== needed) {
            failures.push(
              `${r.method} ${r.url} with a ${scope} key → ${res.statusCode} ${res.body.slice(0, 120)}`,
            );
          } else if (!body.error?.message?.includes(`'${needed}'`)) {
            failures.push(`${r.method} ${r.url}: 403 does not name the scope: ${body.error?.message}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(routes.length).toBeGreaterThan(40);
  });

  it('only sessions and admin keys create keys; new keys default to read, write, execute', async () => {
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: keys.get('write'),
      payload: { name: 'minted', scopes: ['admin'] },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain("'admin'");
    const minted = await t.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: keys.get('admin'),
      payload: { name: 'minted' },
    });
    expect(minted.statusCode, minted.body).toBe(201);
    expect(minted.json().scopes).toEqual(['read', 'write', 'execute']);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: admin.headers,
      payload: { name: 'x', scopes: ['root'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('scopes');
  });

  it('a workspace-restricted key reaches its workspace only', async () => {
    const other = await buildWorkspace(t, { owner: admin, name: 'Other' });
    const restricted = await buildApiKey(t, admin, { scopes: ['read', 'write', 'admin'], workspaceId });
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: restricted.headers });
    expect((await get(`/api/workspaces/${workspaceId}/collections`)).statusCode).toBe(200);
    expect((await get(`/api/workspaces/${other.workspace.id}/collections`)).statusCode).toBe(404);
    const listAll = await get('/api/workspaces');
    expect(listAll.statusCode).toBe(403);
    expect(listAll.json().error.message).toContain('restricted');
    const mint = await t.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: restricted.headers,
      payload: { name: 'escape' },
    });
    expect(mint.statusCode).toBe(403);
    const list = await t.app.inject({ method: 'GET', url: '/api/api-keys', headers: admin.headers });
    expect(list.json().items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: restricted.id, workspaceId, scopes: ['read', 'write', 'admin'] }),
      ]),
    );
  });

  it('a key cannot be restricted to a workspace its owner does not belong to', async () => {
    const stranger = await buildWorkspace(t);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: admin.headers,
      payload: { name: 'x', workspaceId: stranger.workspace.id },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('body.workspaceId');
  });

  it('an admin key of a user who is not an instance admin does not open /api/admin', async () => {
    const user = await buildUser(t);
    const key = await buildApiKey(t, user, { scopes: ['admin'] });
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/users', headers: key.headers });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe('Instance administrators only');
  });
});
