import parse from 'csv-parse/lib/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, buildWorkspace, createTestApp, type TestApp, type TestUser } from '../../test';

// The admin panel's API end to end on a real database: who is an admin, the users list, disable/enable,
// promote/demote, delete with the workspaces choice, figures, instance settings and the instance audit log.

let t: TestApp;
let admin: TestUser;

beforeAll(async () => {
  t = await createTestApp({ env: { ADMIN_EMAILS: 'boss@corp.test', EXECUTION_ALLOW_PRIVATE: 'true' } });
});
afterAll(async () => {
  await t.close();
});

const as = (user: TestUser, method: string, url: string, payload?: unknown) =>
  t.app.inject({ method: method as 'GET', url, headers: user.headers, payload: payload as object });
const register = (email: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: { email, name: email.split('@')[0], password: 'plum-velvet-42' },
  });

describe('who is an instance admin', () => {
  it('the first account, and addresses in ADMIN_EMAILS; nobody else', async () => {
    const first = await register('first@corp.test');
    expect(first.json().user.isAdmin).toBe(true);
    const second = await register('second@corp.test');
    expect(second.json().user.isAdmin).toBe(false);
    const boss = await register('boss@corp.test');
    expect(boss.json().user.isAdmin).toBe(true);
    const plain = { authorization: `Bearer ${second.json().accessToken}` };
    const refused = await t.app.inject({ method: 'GET', url: '/api/admin/users', headers: plain });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe('Instance administrators only');
    admin = {
      ...(await buildUser(t)),
      headers: { authorization: `Bearer ${first.json().accessToken}` },
      id: first.json().user.id,
    };
  });
});

describe('users', () => {
  it('lists with search, status filter and paging', async () => {
    for (let i = 0; i < 5; i++) {
      await buildUser(t, { email: `page-${i}@search.test`, name: `Searchable ${i}` });
    }
    const page1 = await as(admin, 'GET', '/api/admin/users?q=search.test&limit=2');
    expect(page1.statusCode, page1.body).toBe(200);
    expect(page1.json().total).toBe(5);
    expect(page1.json().items.map((u: { email: string }) => u.email)).toEqual([
      'page-0@search.test',
      'page-1@search.test',
    ]);
    const page3 = await as(admin, 'GET', '/api/admin/users?q=SEARCHABLE&limit=2&offset=4');
    expect(page3.json().items).toHaveLength(1);
    // `%` and `_` are matched literally, not as wildcards.
    expect((await as(admin, 'GET', '/api/admin/users?q=%25')).json().total).toBe(0);
    const admins = await as(admin, 'GET', '/api/admin/users?status=admin');
    expect(
      admins
        .json()
        .items.map((u: { email: string }) => u.email)
        .sort(),
    ).toEqual(['boss@corp.test', 'first@corp.test']);
    expect(
      admins.json().items.find((u: { email: string }) => u.email === 'boss@corp.test').adminFromEnv,
    ).toBe(true);
    const bad = await as(admin, 'GET', '/api/admin/users?limit=1000');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('limit');
  });

  it('disables and enables; an admin cannot disable themself', async () => {
    const u = await buildUser(t);
    const off = await as(admin, 'PATCH', `/api/admin/users/${u.id}`, { active: false });
    expect(off.json()).toMatchObject({ id: u.id, active: false });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: u.email, password: u.password },
    });
    expect(login.statusCode).toBe(401);
    await as(admin, 'PATCH', `/api/admin/users/${u.id}`, { active: true });
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: u.email, password: u.password },
    });
    expect(again.statusCode).toBe(200);
    const self = await as(admin, 'PATCH', `/api/admin/users/${admin.id}`, { active: false });
    expect(self.statusCode).toBe(409);
    expect((await as(admin, 'PATCH', `/api/admin/users/${admin.id}`, { nope: 1 })).statusCode).toBe(400);
    expect(
      (await as(admin, 'PATCH', '/api/admin/users/00000000-0000-4000-8000-000000000000', {})).statusCode,
    ).toBe(404);
  });

  it('promotes and demotes, but never an ADMIN_EMAILS admin nor the last admin', async () => {
    const u = await buildUser(t);
    const up = await as(admin, 'PATCH', `/api/admin/users/${u.id}`, { isAdmin: true });
    expect(up.json()).toMatchObject({ isAdmin: true });
    expect((await as(u, 'GET', '/api/admin/stats')).statusCode).toBe(200);
    const down = await as(admin, 'PATCH', `/api/admin/users/${u.id}`, { isAdmin: false });
    expect(down.json()).toMatchObject({ isAdmin: false });
    expect((await as(u, 'GET', '/api/admin/stats')).statusCode).toBe(403);
    const boss = (await as(admin, 'GET', '/api/admin/users?q=boss@')).json().items[0];
    const envDemote = await as(admin, 'PATCH', `/api/admin/users/${boss.id}`, { isAdmin: false });
    expect(envDemote.statusCode).toBe(409);
    expect(envDemote.json().error.message).toContain('ADMIN_EMAILS');
  });

  it('deletes a user, deleting or transferring the workspaces only they own', async () => {
    const leaving = await buildUser(t);
    const heir = await buildUser(t);
    const solo = await buildWorkspace(t, { owner: leaving, name: 'Solo' });
    const owned = await as(admin, 'GET', `/api/admin/users/${leaving.id}/owned-workspaces`);
    expect(
      owned
        .json()
        .items.map((w: { name: string }) => w.name)
        .sort(),
    ).toEqual([`${leaving.name}'s workspace`, 'Solo'].sort());
    const noHeir = await as(admin, 'POST', `/api/admin/users/${leaving.id}/delete`, {
      workspaces: 'transfer',
    });
    expect(noHeir.statusCode).toBe(400);
    expect(noHeir.body).toContain('body.transferTo');
    const moved = await as(admin, 'POST', `/api/admin/users/${leaving.id}/delete`, {
      workspaces: 'transfer',
      transferTo: heir.id,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().transferredWorkspaces).toContain(solo.workspace.id);
    const solosMembers = await as(heir, 'GET', `/api/workspaces/${solo.workspace.id}/members`);
    expect(solosMembers.json().items).toEqual([expect.objectContaining({ userId: heir.id, role: 'owner' })]);
    expect((await as(admin, 'GET', `/api/admin/users?q=${leaving.email}`)).json().total).toBe(0);

    const gone = await buildUser(t);
    const doomed = await buildWorkspace(t, { owner: gone, name: 'Doomed' });
    const deleted = await as(admin, 'POST', `/api/admin/users/${gone.id}/delete`, { workspaces: 'delete' });
    expect(deleted.json().deletedWorkspaces).toContain(doomed.workspace.id);
    expect((await as(admin, 'GET', `/api/workspaces/${doomed.workspace.id}`)).statusCode).toBe(404);
    const trail = await as(admin, 'GET', `/api/admin/audit?action=admin.user_deleted`);
    expect(trail.json().items[0]).toMatchObject({
      action: 'admin.user_deleted',
      actorId: admin.id,
      targetId: gone.id,
      meta: expect.objectContaining({ email: gone.email, workspaces: 'delete' }),
    });
    expect(
      (await as(admin, 'POST', `/api/admin/users/${admin.id}/delete`, { workspaces: 'delete' })).statusCode,
    ).toBe(409);
  });
});

describe('figures', () => {
  it('counts users, workspaces, executions per day, storage and queue depth', async () => {
    const { workspace, owner } = await buildWorkspace(t);
    const exec = await as(owner, 'POST', '/api/execute', {
      workspaceId: workspace.id,
      request: { v: 1, id: 'x', method: 'GET', url: `http://127.0.0.1:9/` },
    });
    expect(exec.statusCode, exec.body).toBeLessThan(300);
    await t.ctx.history.flush();
    const res = await as(admin, 'GET', '/api/admin/stats');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.users.total).toBeGreaterThanOrEqual(10);
    expect(s.users.admins).toBeGreaterThanOrEqual(2);
    expect(s.workspaces).toBeGreaterThanOrEqual(10);
    expect(s.days).toHaveLength(14);
    expect(s.days.at(-1)).toMatchObject({ day: new Date().toISOString().slice(0, 10) });
    expect(s.days.at(-1).executions).toBeGreaterThanOrEqual(1);
    expect(s.storage.databaseBytes).toBeGreaterThan(0);
    expect(s.queue).toEqual({ waiting: expect.any(Number), active: expect.any(Number) });
  });
});

describe('instance settings', () => {
  it('start from the environment, are stored, reach the public endpoint and reset with null', async () => {
    const initial = await as(admin, 'GET', '/api/admin/settings');
    expect(initial.json()).toMatchObject({
      settings: { signupPolicy: 'open', passwordSignIn: true, defaultHistoryRetentionDays: 30 },
      overridden: [],
    });
    const changed = await as(admin, 'PATCH', '/api/admin/settings', {
      defaultHistoryRetentionDays: 7,
      features: { codegen: false },
    });
    expect(changed.json()).toMatchObject({
      settings: { defaultHistoryRetentionDays: 7, features: { codegen: false, import: true } },
      overridden: ['defaultHistoryRetentionDays', 'features'],
    });
    const pub = await t.app.inject({ method: 'GET', url: '/api/settings/public' });
    expect(pub.json()).toEqual({
      signupPolicy: 'open',
      passwordSignIn: true,
      features: { import: true, export: true, codegen: false, runs: true },
    });
    const codegen = await as(admin, 'GET', '/api/codegen/targets');
    expect(codegen.statusCode).toBe(403);
    expect(codegen.json().error.message).toContain("'codegen' module is turned off");
    const { workspace, owner } = await buildWorkspace(t);
    const retention = await as(owner, 'GET', `/api/workspaces/${workspace.id}/history/settings`);
    expect(retention.json()).toEqual({ retentionDays: 7 });
    const reset = await as(admin, 'PATCH', '/api/admin/settings', {
      defaultHistoryRetentionDays: null,
      features: null,
    });
    expect(reset.json().overridden).toEqual([]);
    expect((await as(admin, 'GET', '/api/codegen/targets')).statusCode).toBe(200);
    const bad = await as(admin, 'PATCH', '/api/admin/settings', { allowedEmailDomains: ['not a domain'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('allowedEmailDomains');
    expect((await as(admin, 'PATCH', '/api/admin/settings', { features: { mail: false } })).statusCode).toBe(
      400,
    );
  });

  it('apply the sign-up policy: invite-only and allowed domains', async () => {
    await as(admin, 'PATCH', '/api/admin/settings', { signupPolicy: 'invite-only' });
    const stranger = await register('stranger@else.test');
    expect(stranger.statusCode).toBe(403);
    expect(stranger.json().error.message).toContain('invitation');
    const { workspace, owner } = await buildWorkspace(t);
    await as(owner, 'POST', `/api/workspaces/${workspace.id}/invitations`, {
      email: 'invited@else.test',
      role: 'viewer',
    });
    expect((await register('invited@else.test')).statusCode).toBe(201);

    await as(admin, 'PATCH', '/api/admin/settings', {
      signupPolicy: 'domains',
      allowedEmailDomains: ['corp.test'],
    });
    expect((await register('colleague@corp.test')).statusCode).toBe(201);
    const outside = await register('outsider@else.test');
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.message).toContain('corp.test');
    await as(admin, 'PATCH', '/api/admin/settings', { signupPolicy: null, allowedEmailDomains: null });
    expect((await register('anyone@else.test')).statusCode).toBe(201);
  });

  it('turn password sign-in off only when single sign-on is there to replace it', async () => {
    const refused = await as(admin, 'PATCH', '/api/admin/settings', { passwordSignIn: false });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('single sign-on');
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'second@corp.test', password: 'plum-velvet-42' },
    });
    expect(login.statusCode).toBe(200);
  });
});

describe('instance audit log', () => {
  it('filters by action prefix, actor, workspace and time, pages, and exports JSONL and CSV', async () => {
    const prefix = await as(admin, 'GET', '/api/admin/audit?action=admin.&limit=2');
    expect(prefix.statusCode, prefix.body).toBe(200);
    expect(prefix.json().items).toHaveLength(2);
    expect(prefix.json().items.every((e: { action: string }) => e.action.startsWith('admin.'))).toBe(true);
    const next = await as(
      admin,
      'GET',
      `/api/admin/audit?action=admin.&limit=2&cursor=${prefix.json().nextCursor}`,
    );
    expect(Number(next.json().items[0].id)).toBeLessThan(Number(prefix.json().items[1].id));
    const byActor = await as(admin, 'GET', `/api/admin/audit?actorId=${admin.id}&limit=100`);
    expect(byActor.json().items.every((e: { actorId: string }) => e.actorId === admin.id)).toBe(true);
    const future = await as(
      admin,
      'GET',
      `/api/admin/audit?from=${new Date(Date.now() + 60_000).toISOString()}`,
    );
    expect(future.json().items).toEqual([]);
    expect((await as(admin, 'GET', '/api/admin/audit?cursor=abc')).statusCode).toBe(400);

    const jsonl = await as(admin, 'GET', '/api/admin/audit/export?format=jsonl&action=admin.');
    expect(jsonl.statusCode).toBe(200);
    expect(jsonl.headers['content-type']).toContain('application/x-ndjson');
    expect(jsonl.headers['content-disposition']).toMatch(/attachment; filename="audit-.*\.jsonl"/);
    const events = jsonl.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.length).toBeGreaterThan(3);
    expect(Number(events[0].id)).toBeLessThan(Number(events.at(-1).id));
    expect(events[0]).toHaveProperty('hash');

    const csv = await as(admin, 'GET', '/api/admin/audit/export?format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'id',
      'createdAt',
      'action',
      'actorId',
      'subjectUserId',
      'workspaceId',
      'targetType',
      'targetId',
      'ip',
      'meta',
      'prevHash',
      'hash',
    ]);
    const exportEvent = rows.find((r) => r.action === 'audit.exported');
    expect(JSON.parse(exportEvent?.meta ?? '{}')).toMatchObject({ format: 'jsonl' });
    expect((await as(admin, 'GET', '/api/admin/audit/export?format=xml')).statusCode).toBe(400);

    const verify = await as(admin, 'GET', '/api/admin/audit/verify');
    expect(verify.json()).toMatchObject({ ok: true, problems: [] });
  });
});
