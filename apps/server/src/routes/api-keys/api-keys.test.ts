import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeys } from '../../db/schema';
import { buildUser, createTestApp, type TestApp, type TestUser } from '../../test';

let t: TestApp;
let u: TestUser;
beforeAll(async () => {
  t = await createTestApp();
  u = await buildUser(t);
});
afterAll(async () => {
  await t.close();
});

async function create(payload: Record<string, unknown>, user = u) {
  return t.app.inject({ method: 'POST', url: '/api/api-keys', headers: user.headers, payload });
}
const me = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers });

describe('API keys', () => {
  it('are shown once, work as Bearer and X-API-Key, and are stored hashed', async () => {
    const res = await create({ name: 'CI' });
    expect(res.statusCode, res.body).toBe(201);
    const { key, id, prefix } = res.json();
    expect(key).toMatch(/^apk_[A-Za-z0-9_-]{40,}$/);
    expect(key.startsWith(prefix)).toBe(true);
    const viaBearer = await me({ authorization: `Bearer ${key}` });
    expect(viaBearer.statusCode).toBe(200);
    expect(viaBearer.json().id).toBe(u.id);
    expect((await me({ 'x-api-key': key })).statusCode).toBe(200);
    const [row] = await t.ctx.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(row?.keyHash).not.toContain(key);
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
    const list = await t.app.inject({ method: 'GET', url: '/api/api-keys', headers: u.headers });
    expect(list.json().items).toEqual([expect.objectContaining({ id, name: 'CI', prefix })]);
    expect(list.body).not.toContain(key);
    expect(list.json().items[0].lastUsedAt).not.toBeNull();
  });

  it('stop working when revoked; only the owner can revoke', async () => {
    const { key, id } = (await create({ name: 'temp' })).json();
    const other = await buildUser(t);
    const foreign = await t.app.inject({
      method: 'DELETE',
      url: `/api/api-keys/${id}`,
      headers: other.headers,
    });
    expect(foreign.statusCode).toBe(404);
    expect((await me({ 'x-api-key': key })).statusCode).toBe(200);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/api-keys/${id}`, headers: u.headers });
    expect(del.statusCode).toBe(204);
    expect((await me({ 'x-api-key': key })).statusCode).toBe(401);
    expect((await me({ authorization: `Bearer ${key}` })).statusCode).toBe(401);
    const again = await t.app.inject({ method: 'DELETE', url: `/api/api-keys/${id}`, headers: u.headers });
    expect(again.statusCode).toBe(404);
  });

  it('stop working after their expiry; a past expiry is refused', async () => {
    const past = await create({ name: 'old', expiresAt: new Date(Date.now() - 60_000).toISOString() });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.message).toContain('body.expiresAt');
    const { key, id, expiresAt } = (
      await create({ name: 'short', expiresAt: new Date(Date.now() + 3_600_000).toISOString() })
    ).json();
    expect(expiresAt).not.toBeNull();
    expect((await me({ 'x-api-key': key })).statusCode).toBe(200);
    await t.ctx.db
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, id));
    expect((await me({ 'x-api-key': key })).statusCode).toBe(401);
  });

  it('audit creation and revocation in my security events', async () => {
    const audit = await t.app.inject({ method: 'GET', url: '/api/auth/me/audit', headers: u.headers });
    const actions = audit.json().items.map((e: { action: string }) => e.action);
    expect(actions).toContain('api_key.created');
    expect(actions).toContain('api_key.revoked');
    expect(audit.body).not.toMatch(/apk_[A-Za-z0-9_-]{40}/);
  });

  it('reject an unknown key', async () => {
    expect((await me({ 'x-api-key': 'apk_doesnotexist' })).statusCode).toBe(401);
  });
});
