import type { TWorkspaceRole } from '@apiplay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../app';
import { addMember, buildUser, buildWorkspace, createTestApp, type TestApp, type TestUser } from '../test';
import { type RouteFixtureContext, routeFixtures, viewerWriteAllowList } from '../test/route-fixtures';

// Walks the live route table, so routes added by any area are covered without editing this file.

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function fillUrl(url: string, params: Record<string, string>): { url: string; missing: string[] } {
  const missing: string[] = [];
  const filled = url.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
    const v = params[name];
    if (v === undefined) {
      missing.push(name);
      return 'missing';
    }
    return encodeURIComponent(v);
  });
  return { url: filled, missing };
}

const anyIds = new Proxy({} as Record<string, string>, { get: () => '00000000-0000-4000-8000-000000000000' });

function fixtureFor(url: string) {
  return routeFixtures
    .filter((f) => url === f.prefix || url.startsWith(`${f.prefix}/`))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
}

describe('route table: authentication and workspace authorization on every route', () => {
  let t: TestApp;
  let routes: RouteEntry[];
  let c: RouteFixtureContext;
  let outsider: TestUser;

  beforeAll(async () => {
    // Fixtures execute requests against a loopback server (denied by default in server mode).
    t = await createTestApp({ env: { EXECUTION_ALLOW_PRIVATE: 'true' } });
    routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/'));
    const { workspace, owner } = await buildWorkspace(t);
    const viewer = await addMember(t, workspace.id, 'viewer');
    outsider = await buildUser(t);
    c = { t, workspaceId: workspace.id, owner, viewer };
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds the API routes', () => {
    expect(routes.length).toBeGreaterThan(20);
  });

  it('every /api route declares its access', () => {
    const undeclared = routes.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
  });

  it('every authenticated route answers 401 without credentials and with a bad token', async () => {
    const failures: string[] = [];
    for (const r of routes.filter((x) => x.access?.kind !== 'public')) {
      const { url } = fillUrl(r.url, new Proxy({}, { get: () => '00000000-0000-4000-8000-000000000000' }));
      for (const headers of [{}, { authorization: 'Bearer not-a-jwt' }, { 'x-api-key': 'apk_nope' }]) {
        const res = await t.app.inject({
          method: r.method as 'GET',
          url,
          headers,
          payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
        });
        if (res.statusCode !== 401) {
          failures.push(`${r.method} ${r.url} ${JSON.stringify(headers)} → ${res.statusCode}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('a non-member gets 404 on every workspace-scoped route', async () => {
    const failures: string[] = [];
    const weak: string[] = [];
    const scoped = routes.filter((r) => r.access?.kind === 'workspace');
    expect(scoped.length).toBeGreaterThan(5);
    for (const r of scoped) {
      const fixture = fixtureFor(r.url);
      // Without a fixture the route is still called (random ids must also give 404), but it proves less.
      const params = fixture === undefined ? anyIds : await fixture.params(c);
      if (fixture === undefined) {
        weak.push(`${r.method} ${r.url}`);
      }
      const { url, missing } = fillUrl(r.url, params);
      if (missing.length > 0) {
        failures.push(`${r.method} ${r.url}: fixture lacks params ${missing.join(', ')}`);
        continue;
      }
      const body = fixture?.body === undefined ? {} : await fixture.body(c);
      const res = await t.app.inject({
        method: r.method as 'GET',
        url,
        headers: outsider.headers,
        payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : body,
      });
      if (res.statusCode !== 404 || res.json().error?.code !== 'NOT_FOUND') {
        failures.push(`${r.method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    if (weak.length > 0) {
      console.warn(`route-table: no fixture (called with random ids) for:\n  ${weak.join('\n  ')}`);
    }
    expect(failures).toEqual([]);
  });

  it('a viewer gets 403 on every workspace write (and on reads above viewer)', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const r of routes.filter((x) => x.access?.kind === 'workspace')) {
      const access = r.access;
      if (access?.kind !== 'workspace') {
        continue;
      }
      const minRole: TWorkspaceRole = access.minRole;
      const key = `${r.method} ${r.url}`;
      if (minRole === 'viewer') {
        if (writeMethods.has(r.method) && viewerWriteAllowList[key] === undefined) {
          failures.push(
            `${key}: a write open to viewers — raise minRole or add it to viewerWriteAllowList with a reason`,
          );
        }
        continue;
      }
      const fixture = fixtureFor(r.url);
      if (fixture === undefined) {
        failures.push(`${key}: no fixture — add one to src/test/route-fixtures.ts`);
        continue;
      }
      const { url, missing } = fillUrl(r.url, await fixture.params(c));
      if (missing.length > 0) {
        failures.push(`${key}: fixture lacks params ${missing.join(', ')}`);
        continue;
      }
      checked += 1;
      const body = fixture.body === undefined ? {} : await fixture.body(c);
      const res = await t.app.inject({
        method: r.method as 'GET',
        url,
        headers: c.viewer.headers,
        payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : body,
      });
      if (res.statusCode !== 403 || res.json().error?.code !== 'FORBIDDEN') {
        failures.push(`${key} → ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(5);
  });
});
