import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyEntries } from '../../db/schema';
import { cleanupHistory } from '../../services/history/cleanup-history';
import {
  addMember,
  buildUser,
  buildWorkspace,
  createSelfTargetApp,
  type TestApp,
  type TestUser,
} from '../../test';

let t: TestApp;
let owner: TestUser;
let viewer: TestUser;
let outsider: TestUser;
let workspaceId: string;
let base = '';

beforeAll(async () => {
  // A small inline cap so the overflow-to-storage path runs with a small body.
  ({ base, ...t } = await createSelfTargetApp({ env: { HISTORY_BODY_INLINE_MAX: '1kb' } }));
  const built = await buildWorkspace(t);
  owner = built.owner;
  workspaceId = built.workspace.id;
  viewer = await addMember(t, workspaceId, 'viewer');
  outsider = await buildUser(t);
  for (const [method, path] of [
    ['GET', '/echo/one'],
    ['POST', '/echo/two'],
    ['GET', '/echo/status/404'],
    ['GET', '/echo/status/500'],
    ['DELETE', '/echo/three'],
    ['GET', '/echo/bytes/5000'],
  ] as const) {
    const res = await exec(method, `${base}${path}`);
    expect(res.statusCode).toBe(200);
  }
});
afterAll(() => t.close());

function exec(method: string, url: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/execute',
    headers: owner.headers,
    payload: { workspaceId, request: { v: 1, id: 'x', method, url } },
  });
}

async function list(user: TestUser, query = '') {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/workspaces/${workspaceId}/history${query}`,
    headers: user.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    items: { id: string; url: string; method: string; status: number; bodyStored: boolean; body: string }[];
    nextCursor: string | null;
  };
}

describe('history', () => {
  it('lists newest first with a cursor', async () => {
    const first = await list(viewer, '?limit=4');
    expect(first.items).toHaveLength(4);
    expect(first.items[0]?.url).toContain('/echo/bytes/5000');
    const second = await list(viewer, `?limit=4&cursor=${first.nextCursor}`);
    expect(second.items.map((i) => i.url)).toEqual([`${base}/echo/two`, `${base}/echo/one`]);
    expect(second.nextCursor).toBeNull();
  });

  it('filters by method, status class and URL text', async () => {
    expect((await list(viewer, '?method=post')).items.map((i) => i.url)).toEqual([`${base}/echo/two`]);
    expect((await list(viewer, '?status=4xx')).items.map((i) => i.status)).toEqual([404]);
    expect((await list(viewer, '?status=5xx')).items.map((i) => i.status)).toEqual([500]);
    expect((await list(viewer, '?q=three')).items).toHaveLength(1);
    expect((await list(viewer, '?q=%25')).items).toHaveLength(0);
  });

  it('keeps large bodies in file storage and serves them whole', async () => {
    const [big] = (await list(viewer, '?q=bytes')).items;
    expect(big?.bodyStored).toBe(true);
    expect(big?.body.length).toBe(1024);
    const body = await t.app.inject({
      method: 'GET',
      url: `/api/history/${big?.id}/body`,
      headers: viewer.headers,
    });
    expect(body.rawPayload.length).toBe(5000);
    const [small] = (await list(viewer, '?q=one')).items;
    expect(small?.bodyStored).toBe(false);
  });

  it('hides entries from non-members and lets only editors delete', async () => {
    const [entry] = (await list(owner, '?q=three')).items;
    const url = `/api/history/${entry?.id}`;
    expect((await t.app.inject({ method: 'GET', url, headers: outsider.headers })).statusCode).toBe(404);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/workspaces/${workspaceId}/history`,
          headers: outsider.headers,
        })
      ).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url, headers: viewer.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url, headers: owner.headers })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url, headers: owner.headers })).statusCode).toBe(404);
  });

  it('enforces per-workspace retention with the cleanup job', async () => {
    const settings = await t.app.inject({
      method: 'PUT',
      url: `/api/workspaces/${workspaceId}/history/settings`,
      headers: owner.headers,
      payload: { retentionDays: 7 },
    });
    expect(settings.json()).toEqual({ retentionDays: 7 });
    expect(
      (
        await t.app.inject({
          method: 'PUT',
          url: `/api/workspaces/${workspaceId}/history/settings`,
          headers: viewer.headers,
          payload: { retentionDays: 1 },
        })
      ).statusCode,
    ).toBe(403);
    const [old] = (await list(owner, '?q=bytes')).items;
    await t.ctx.db
      .update(historyEntries)
      .set({ createdAt: sql`now() - interval '8 days'` })
      .where(eq(historyEntries.id, old?.id ?? ''));
    const before = (await list(owner)).items.length;
    const { deleted } = await cleanupHistory({ db: t.ctx.db, storage: t.app.ctx.storage });
    expect(deleted).toBe(1);
    expect((await list(owner)).items).toHaveLength(before - 1);
  });

  it('deletes all', async () => {
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/workspaces/${workspaceId}/history`,
          headers: viewer.headers,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/workspaces/${workspaceId}/history`,
          headers: owner.headers,
        })
      ).statusCode,
    ).toBe(204);
    expect((await list(owner)).items).toEqual([]);
  });
});
