import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { TWsServerMessage } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildApp } from '../app';
import { openDatabase } from '../db/client';
import { apiKeys } from '../db/schema';
import { disableUser } from '../services/auth/disable-user';
import { issueTokens } from '../services/auth/issue-tokens';
import {
  addMember,
  buildApiKey,
  buildUser,
  buildWorkspace,
  createTestApp,
  makeAdmin,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
  usingPostgres,
} from '../test';

// Credentials end everywhere at once: every way a credential can end closes the streams it opened within 1 s,
// and its access tokens stop working at once. With TEST_REDIS_URL the notices travel over Redis pub/sub.
let t: TestApp;
let url = '';
const keyPrefix = `apiplay-test:${randomBytes(6).toString('hex')}:`;
const redisUrl = process.env.TEST_REDIS_URL;

beforeAll(async () => {
  t = await createTestApp({ redis: true, keyPrefix });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/ws`;
});
afterAll(() => t.close());

/** A stream opened with `token`, subscribed to `workspaceId`; resolves once subscribed. */
async function openStream(token: string, workspaceId: string) {
  const socket = new WebSocket(url, ['apiplay', token]);
  const inbox: TWsServerMessage[] = [];
  let wake: () => void = () => undefined;
  socket.on('message', (data) => {
    inbox.push(JSON.parse(String(data)) as TWsServerMessage);
    wake();
  });
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason), at: Date.now() }));
  });
  async function next(type: TWsServerMessage['type']): Promise<TWsServerMessage> {
    for (;;) {
      const i = inbox.findIndex((m) => m.type === type);
      if (i >= 0) {
        return inbox.splice(i, 1)[0] as TWsServerMessage;
      }
      await new Promise<void>((r) => {
        wake = r;
      });
    }
  }
  await next('ready');
  socket.send(JSON.stringify({ type: 'subscribe', workspaceId }));
  await next('subscribed');
  return { socket, inbox, next, closed };
}

/** Resolves with the close when it comes within `ms`, else fails. */
async function closesWithin(stream: Awaited<ReturnType<typeof openStream>>, ms: number) {
  const started = Date.now();
  const timeout = new Promise<never>((_, reject) => {
    setTimeout(() => reject(new Error(`stream still open after ${ms} ms`)), ms).unref();
  });
  const closed = await Promise.race([stream.closed, timeout]);
  expect(closed.code).toBe(4401);
  expect(closed.at - started).toBeLessThan(ms);
  return closed;
}

async function me(token: string): Promise<number> {
  const res = await t.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
  return res.statusCode;
}

async function apiKeyOf(user: TestUser, expiresAt?: string): Promise<{ id: string; key: string }> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/api-keys',
    headers: user.headers,
    payload: { name: 'stream', ...(expiresAt === undefined ? {} : { expiresAt }) },
  });
  expect(res.statusCode).toBe(201);
  return res.json();
}

describe('an open /ws closes within 1 s when its credential ends', () => {
  it('logout of its access token', async () => {
    const u = await buildUser(t);
    const s = await openStream(u.accessToken, u.personalWorkspaceId);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: u.headers,
      payload: {},
    });
    expect(out.statusCode).toBe(204);
    await closesWithin(s, 1000);
    expect(await me(u.accessToken)).toBe(401);
  });

  it('logout of its refresh family elsewhere: every access token of the family ends at once', async () => {
    const u = await buildUser(t);
    // A second access token of the same family (a refresh), not the one presented at logout.
    const refreshed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: u.refreshToken },
    });
    const { accessToken, refreshToken } = refreshed.json();
    const s = await openStream(accessToken, u.personalWorkspaceId);
    expect(await me(u.accessToken)).toBe(200);
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', payload: { refreshToken } });
    await closesWithin(s, 1000);
    expect(await me(accessToken)).toBe(401);
    expect(await me(u.accessToken)).toBe(401);
  });

  it('re-use of a spent refresh token revokes the family and its access tokens', async () => {
    const u = await buildUser(t);
    const s = await openStream(u.accessToken, u.personalWorkspaceId);
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: u.refreshToken },
    });
    expect(first.statusCode).toBe(200);
    const reuse = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: u.refreshToken },
    });
    expect(reuse.statusCode).toBe(401);
    await closesWithin(s, 1000);
    expect(await me(first.json().accessToken)).toBe(401);
  });

  it('a password change ends the other sessions and their streams', async () => {
    const u = await buildUser(t);
    const other = await issueTokens({ ctx: t.ctx, userId: u.id });
    const s = await openStream(other.accessToken, u.personalWorkspaceId);
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: u.headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'violet-harbor-trumpet-93' },
    });
    expect(changed.statusCode).toBe(200);
    await closesWithin(s, 1000);
    expect(await me(other.accessToken)).toBe(401);
    expect(await me(changed.json().accessToken)).toBe(200);
  });

  it('revocation of its API key', async () => {
    const u = await buildUser(t);
    const key = await apiKeyOf(u);
    const s = await openStream(key.key, u.personalWorkspaceId);
    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/api-keys/${key.id}`,
      headers: u.headers,
    });
    expect(revoked.statusCode).toBe(204);
    await closesWithin(s, 1000);
  });

  it('expiry of its API key', async () => {
    const u = await buildUser(t);
    const key = await apiKeyOf(u, new Date(Date.now() + 60_000).toISOString());
    // Bring the expiry close (the API only takes future expiries, and a test should not wait a minute).
    await t.ctx.db
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() + 700) })
      .where(eq(apiKeys.id, key.id));
    const s = await openStream(key.key, u.personalWorkspaceId);
    const closed = await closesWithin(s, 2000);
    expect(closed.reason).toBe('API key expired');
  });

  it('its user disabled: JWT and API key streams close, tokens and keys stop working', async () => {
    const u = await buildUser(t);
    const key = await apiKeyOf(u);
    const byToken = await openStream(u.accessToken, u.personalWorkspaceId);
    const byKey = await openStream(key.key, u.personalWorkspaceId);
    await disableUser({ ctx: t.ctx, userId: u.id });
    await Promise.all([closesWithin(byToken, 1000), closesWithin(byKey, 1000)]);
    expect(await me(u.accessToken)).toBe(401);
    expect(await me(key.key)).toBe(401);
    const refresh = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: u.refreshToken },
    });
    expect(refresh.statusCode).toBe(401);
  });
});

describe('the admin panel ends a user everywhere', () => {
  it('disabling (PATCH /api/admin/users/:id) closes their streams, revokes their keys; enabling keeps keys revoked', async () => {
    const admin = await makeAdmin(t, await buildUser(t));
    const u = await buildUser(t);
    const key = await apiKeyOf(u);
    const byToken = await openStream(u.accessToken, u.personalWorkspaceId);
    const byKey = await openStream(key.key, u.personalWorkspaceId);
    const off = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${u.id}`,
      headers: admin.headers,
      payload: { active: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    await Promise.all([closesWithin(byToken, 1000), closesWithin(byKey, 1000)]);
    expect(await me(u.accessToken)).toBe(401);
    const on = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${u.id}`,
      headers: admin.headers,
      payload: { active: true },
    });
    expect(on.json()).toMatchObject({ active: true });
    expect(await me(key.key)).toBe(401);
    const [row] = await t.ctx.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row?.revokedAt).not.toBeNull();
  });

  it('deleting closes their streams and ends their tokens', async () => {
    const admin = await makeAdmin(t, await buildUser(t));
    const u = await buildUser(t);
    const stream = await openStream(u.accessToken, u.personalWorkspaceId);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/admin/users/${u.id}/delete`,
      headers: admin.headers,
      payload: { workspaces: 'delete' },
    });
    expect(res.statusCode, res.body).toBe(200);
    await closesWithin(stream, 1000);
    expect(await me(u.accessToken)).toBe(401);
  });
});

describe('API key scopes on /ws', () => {
  it('a key without `read` cannot open a stream; a workspace-restricted key watches only its workspace', async () => {
    const u = await buildUser(t);
    const { workspace } = await buildWorkspace(t, { owner: u });
    const writeOnly = await buildApiKey(t, u, { scopes: ['write'] });
    const refused = new WebSocket(url, ['apiplay', writeOnly.key]);
    const code = await new Promise<number>((resolve) => refused.on('close', (c) => resolve(c)));
    expect(code).toBe(4401);
    const restricted = await buildApiKey(t, u, { scopes: ['read'], workspaceId: workspace.id });
    const stream = await openStream(restricted.key, workspace.id);
    stream.socket.send(JSON.stringify({ type: 'subscribe', workspaceId: u.personalWorkspaceId }));
    expect(await stream.next('error')).toMatchObject({ code: 'NOT_FOUND' });
    stream.socket.close();
  });
});

describe('a member removed from a workspace', () => {
  it('stops receiving its events at once', async () => {
    const { workspace, owner } = await buildWorkspace(t);
    const member = await addMember(t, workspace.id, 'editor');
    const s = await openStream(member.accessToken, workspace.id);
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/workspaces/${workspace.id}/members/${member.id}`,
      headers: owner.headers,
    });
    expect(removed.statusCode).toBe(204);
    const unsubscribed = await Promise.race([
      s.next('unsubscribed'),
      new Promise<null>((r) => setTimeout(() => r(null), 1000).unref()),
    ]);
    expect(unsubscribed).toMatchObject({ type: 'unsubscribed', workspaceId: workspace.id });
    await t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${workspace.id}/collections`,
      headers: owner.headers,
      payload: { name: 'After removal' },
    });
    // The owner's own stream sees the event, so it has been fanned out by the time this resolves.
    const ownerStream = await openStream(owner.accessToken, workspace.id);
    await t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${workspace.id}/collections`,
      headers: owner.headers,
      payload: { name: 'Second' },
    });
    await ownerStream.next('event');
    expect(s.inbox.filter((m) => m.type === 'event')).toEqual([]);
    s.socket.close();
    ownerStream.socket.close();
  });
});

describe.skipIf(!usingPostgres || !redisUrl)('across instances (PostgreSQL + Redis)', () => {
  it('a logout on one instance closes the stream on another at once', async () => {
    const { Redis } = await import('ioredis');
    const redis = new Redis(redisUrl ?? '', { maxRetriesPerRequest: 2 });
    const databaseUrl = t.ctx.config.databaseUrl ?? '';
    const database = await openDatabase({ kind: 'postgres', url: databaseUrl, poolMax: 2 });
    // A second instance: same database, Redis, key prefix and secrets.
    const other = await buildApp(t.ctx.config, { database, redis, keyPrefix, migrate: false });
    try {
      const u = await buildUser(t);
      const s = await openStream(u.accessToken, u.personalWorkspaceId);
      const out = await other.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: u.headers,
        payload: { refreshToken: u.refreshToken },
      });
      expect(out.statusCode).toBe(204);
      await closesWithin(s, 1000);
      expect(await me(u.accessToken)).toBe(401);
    } finally {
      await other.close();
      await redis.quit();
    }
  });
});
