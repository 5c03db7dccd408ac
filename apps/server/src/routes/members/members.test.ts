import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitations } from '../../db/schema';
import { addMember, buildUser, buildWorkspace, createTestApp, type TestApp, type TestUser } from '../../test';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = (user: TestUser, method: Method, url: string, payload?: object) =>
  t.app.inject({ method, url, headers: user.headers, ...(payload === undefined ? {} : { payload }) });

async function invite(owner: TestUser, wsId: string, email: string, role = 'editor') {
  const res = await call(owner, 'POST', `/api/workspaces/${wsId}/invitations`, { email, role });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; token: string };
}

describe('workspaces', () => {
  it('create, read, rename, delete with roles', async () => {
    const owner = await buildUser(t);
    const created = await call(owner, 'POST', '/api/workspaces', { name: 'Team' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.json()).toMatchObject({ name: 'Team', kind: 'team', role: 'owner' });
    const admin = await addMember(t, id, 'admin');
    const renamed = await call(admin, 'PATCH', `/api/workspaces/${id}`, { name: 'Team 2' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Team 2', role: 'admin' });
    expect((await call(admin, 'DELETE', `/api/workspaces/${id}`)).statusCode).toBe(403);
    const list = await call(owner, 'GET', '/api/workspaces');
    expect(list.json().items.map((w: { name: string }) => w.name)).toContain('Team 2');
    expect((await call(owner, 'DELETE', `/api/workspaces/${id}`)).statusCode).toBe(204);
    expect((await call(owner, 'GET', `/api/workspaces/${id}`)).statusCode).toBe(404);
    expect((await call(owner, 'GET', '/api/workspaces/not-a-uuid')).statusCode).toBe(404);
  });
});

describe('invitations', () => {
  it('are accepted by a logged-in user whose email matches, once', async () => {
    const { workspace, owner } = await buildWorkspace(t);
    const invitee = await buildUser(t);
    const inv = await invite(owner, workspace.id, invitee.email.toUpperCase(), 'editor');
    const pending = await call(owner, 'GET', `/api/workspaces/${workspace.id}/invitations`);
    expect(pending.json().items).toEqual([
      expect.objectContaining({ id: inv.id, email: invitee.email, role: 'editor' }),
    ]);
    expect(pending.body).not.toContain(inv.token);

    const stranger = await buildUser(t);
    const wrong = await call(stranger, 'POST', `/api/invitations/${inv.token}/accept`);
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.details).toEqual({ reason: 'email_mismatch' });
    expect((await call(stranger, 'GET', `/api/workspaces/${workspace.id}`)).statusCode).toBe(404);

    const anon = await t.app.inject({ method: 'POST', url: `/api/invitations/${inv.token}/accept` });
    expect(anon.statusCode).toBe(401);

    const ok = await call(invitee, 'POST', `/api/invitations/${inv.token}/accept`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ id: workspace.id, role: 'editor' });
    const members = await call(invitee, 'GET', `/api/workspaces/${workspace.id}/members`);
    expect(members.json().items.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual(
      expect.arrayContaining([
        [invitee.id, 'editor'],
        [owner.id, 'owner'],
      ]),
    );
    const reuse = await call(invitee, 'POST', `/api/invitations/${inv.token}/accept`);
    expect(reuse.statusCode).toBe(404);
  });

  it('expire after 7 days', async () => {
    const { workspace, owner } = await buildWorkspace(t);
    const invitee = await buildUser(t);
    const inv = await invite(owner, workspace.id, invitee.email);
    const [row] = await t.ctx.db.select().from(invitations).where(eq(invitations.id, inv.id));
    const days = ((row?.expiresAt.getTime() ?? 0) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    await t.ctx.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, inv.id));
    const res = await call(invitee, 'POST', `/api/invitations/${inv.token}/accept`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details).toEqual({ reason: 'expired' });
    expect((await call(invitee, 'GET', `/api/workspaces/${workspace.id}`)).statusCode).toBe(404);
  });

  it('can be withdrawn, and are refused for existing members and owner role', async () => {
    const { workspace, owner } = await buildWorkspace(t);
    const member = await addMember(t, workspace.id, 'viewer');
    const dup = await call(owner, 'POST', `/api/workspaces/${workspace.id}/invitations`, {
      email: member.email,
      role: 'editor',
    });
    expect(dup.statusCode).toBe(409);
    const asOwner = await call(owner, 'POST', `/api/workspaces/${workspace.id}/invitations`, {
      email: 'x@example.test',
      role: 'owner',
    });
    expect(asOwner.statusCode).toBe(400);
    const inv = await invite(owner, workspace.id, 'later@example.test');
    expect(
      (await call(owner, 'DELETE', `/api/workspaces/${workspace.id}/invitations/${inv.id}`)).statusCode,
    ).toBe(204);
    const later = await buildUser(t, { email: 'later@example.test' });
    expect((await call(later, 'POST', `/api/invitations/${inv.token}/accept`)).statusCode).toBe(404);
  });
});

describe('members and roles', () => {
  it('admins change roles below owner; only owners touch owners; the last owner stays', async () => {
    const { workspace, owner } = await buildWorkspace(t);
    const ws = workspace.id;
    const admin = await addMember(t, ws, 'admin');
    const editor = await addMember(t, ws, 'editor');
    const url = (u: TestUser) => `/api/workspaces/${ws}/members/${u.id}`;

    expect((await call(admin, 'PATCH', url(editor), { role: 'viewer' })).statusCode).toBe(204);
    expect((await call(admin, 'PATCH', url(editor), { role: 'owner' })).statusCode).toBe(403);
    expect((await call(admin, 'PATCH', url(owner), { role: 'viewer' })).statusCode).toBe(403);
    expect((await call(editor, 'PATCH', url(editor), { role: 'admin' })).statusCode).toBe(403);

    const demoteLast = await call(owner, 'PATCH', url(owner), { role: 'admin' });
    expect(demoteLast.statusCode).toBe(409);
    const leaveLast = await call(owner, 'POST', `/api/workspaces/${ws}/leave`);
    expect(leaveLast.statusCode).toBe(409);

    // With a second owner, the first may step down.
    expect((await call(owner, 'PATCH', url(admin), { role: 'owner' })).statusCode).toBe(204);
    expect((await call(owner, 'PATCH', url(owner), { role: 'admin' })).statusCode).toBe(204);
    expect((await call(admin, 'PATCH', url(admin), { role: 'editor' })).statusCode).toBe(409);
    expect(
      (
        await call(admin, 'PATCH', `/api/workspaces/${ws}/members/00000000-0000-4000-8000-000000000000`, {
          role: 'editor',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('remove and leave', async () => {
    const { workspace, owner } = await buildWorkspace(t);
    const ws = workspace.id;
    const admin = await addMember(t, ws, 'admin');
    const viewer = await addMember(t, ws, 'viewer');
    const editor = await addMember(t, ws, 'editor');
    expect((await call(admin, 'DELETE', `/api/workspaces/${ws}/members/${owner.id}`)).statusCode).toBe(403);
    expect((await call(admin, 'DELETE', `/api/workspaces/${ws}/members/${editor.id}`)).statusCode).toBe(204);
    expect((await call(editor, 'GET', `/api/workspaces/${ws}`)).statusCode).toBe(404);
    expect((await call(viewer, 'POST', `/api/workspaces/${ws}/leave`)).statusCode).toBe(204);
    expect((await call(viewer, 'GET', `/api/workspaces/${ws}`)).statusCode).toBe(404);
    expect((await call(owner, 'DELETE', `/api/workspaces/${ws}/members/${owner.id}`)).statusCode).toBe(409);
  });
});

describe('workspace audit log', () => {
  it('records membership events, is paginated by cursor and only for admins and owners', async () => {
    const { workspace, owner } = await buildWorkspace(t);
    const ws = workspace.id;
    const invitee = await buildUser(t);
    const inv = await invite(owner, ws, invitee.email, 'viewer');
    await call(invitee, 'POST', `/api/invitations/${inv.token}/accept`);
    await call(owner, 'PATCH', `/api/workspaces/${ws}/members/${invitee.id}`, { role: 'editor' });
    await call(owner, 'DELETE', `/api/workspaces/${ws}/members/${invitee.id}`);
    const editor = await addMember(t, ws, 'editor');
    expect((await call(editor, 'GET', `/api/workspaces/${ws}/audit`)).statusCode).toBe(403);

    const all = await call(owner, 'GET', `/api/workspaces/${ws}/audit?limit=100`);
    expect(all.statusCode).toBe(200);
    const actions = all.json().items.map((e: { action: string }) => e.action);
    expect(actions).toEqual([
      'member.removed',
      'member.role_changed',
      'invitation.accepted',
      'invitation.created',
    ]);
    expect(all.body).not.toContain(inv.token);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page = await call(owner, 'GET', `/api/workspaces/${ws}/audit?limit=3${q}`);
      expect(page.statusCode).toBe(200);
      seen.push(...page.json().items.map((e: { action: string }) => e.action));
      cursor = page.json().nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(actions);
    expect((await call(owner, 'GET', `/api/workspaces/${ws}/audit?cursor=abc`)).statusCode).toBe(400);
    expect((await call(owner, 'GET', `/api/workspaces/${ws}/audit?limit=101`)).statusCode).toBe(400);
  });
});
