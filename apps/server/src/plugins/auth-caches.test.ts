import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { LISTEN_APPLICATION_NAME, openDatabase } from '../db/client';
import { disableUser } from '../services/auth/disable-user';
import { buildUser, createTestApp, TEST_PASSWORD, type TestApp, type TestUser, usingPostgres } from '../test';

// Server mode keeps verified tokens and user rows in memory (plugins/auth.ts, infra/verified-tokens.ts,
// infra/user-cache.ts) so `/me` does no database work. Two instances on one PostgreSQL, with Redis and without it
// (LISTEN/NOTIFY, where a cached entry answers only after a `SELECT 1` on B's listening connection sent after the
// request arrived: infra/pg-auth-changes.ts): with B's caches warm, every revocation and profile change made on A
// shows on B's very next request, and while B cannot hear notices it stops trusting its caches.
const redisUrl = process.env.TEST_REDIS_URL;

const modes = [
  { name: 'PostgreSQL LISTEN/NOTIFY (no Redis)', redis: false },
  ...(redisUrl ? [{ name: 'Redis pub/sub', redis: true }] : []),
];

describe.skipIf(!usingPostgres).each(modes)('auth caches across instances: $name', ({ redis: withRedis }) => {
  let a: TestApp;
  let b: FastifyInstance;
  let closeB: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const keyPrefix = `apiplay-test:${randomBytes(6).toString('hex')}:`;
    a = await createTestApp({ redis: withRedis, keyPrefix });
    const database = await openDatabase({
      kind: 'postgres',
      url: a.ctx.config.databaseUrl ?? '',
      poolMax: 2,
    });
    let redis = null;
    if (withRedis) {
      const { Redis } = await import('ioredis');
      redis = new Redis(redisUrl ?? '', { maxRetriesPerRequest: 2 });
    }
    b = await buildApp(a.ctx.config, { database, redis, keyPrefix, migrate: false });
    closeB = async () => {
      await b.close();
      await redis?.quit();
    };
  }, 60_000);
  afterAll(async () => {
    await closeB();
    await a.close();
  });

  const me = (app: FastifyInstance, token: string) =>
    app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });

  /** /me on B twice, so B holds the token and the row. */
  async function warm(u: TestUser): Promise<void> {
    expect(b.ctx.authChanges.live()).toBe(true);
    expect((await me(b, u.accessToken)).statusCode).toBe(200);
    expect((await me(b, u.accessToken)).statusCode).toBe(200);
    expect(b.ctx.userCache.peek(u.id)?.id).toBe(u.id);
    expect(b.ctx.verifiedTokens.size > 0).toBe(true);
  }

  it('logout on A: the access token fails on B at once', async () => {
    const u = await buildUser(a);
    await warm(u);
    const out = await a.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: u.headers,
      payload: { refreshToken: u.refreshToken },
    });
    expect(out.statusCode).toBe(204);
    expect((await me(b, u.accessToken)).statusCode).toBe(401);
  });

  it('a password change on A ends the other sessions on B at once', async () => {
    const u = await buildUser(a);
    const other = await buildUser(a, { email: `x-${u.email}` });
    await warm(u);
    await warm(other);
    const out = await a.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: u.headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: `New-${randomBytes(8).toString('hex')}-pw!` },
    });
    expect(out.statusCode).toBe(200);
    expect((await me(b, u.accessToken)).statusCode).toBe(401);
    // Someone else's cached token is untouched.
    expect((await me(b, other.accessToken)).statusCode).toBe(200);
  });

  it('a disabled account fails on B at once', async () => {
    const u = await buildUser(a);
    await warm(u);
    await disableUser({ ctx: a.ctx, userId: u.id });
    expect((await me(b, u.accessToken)).statusCode).toBe(401);
  });

  it('a profile change on A shows on B at once', async () => {
    const u = await buildUser(a);
    await warm(u);
    const out = await a.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      headers: u.headers,
      payload: { name: 'Renamed on A' },
    });
    expect(out.statusCode).toBe(200);
    expect((await me(b, u.accessToken)).json().name).toBe('Renamed on A');
  });

  // The race itself: B's listening session may forward A's notice after A answered. One revocation rarely hits
  // it (before the freshness barrier, 1 run in 3 failed); twenty in a row, with renames in between, do.
  it("twenty times in a row: a logout and a rename on A show on B's very next request", async () => {
    for (let i = 0; i < 20; i++) {
      const u = await buildUser(a);
      await warm(u);
      const renamed = await a.app.inject({
        method: 'PATCH',
        url: '/api/auth/me',
        headers: u.headers,
        payload: { name: `Round ${i}` },
      });
      expect(renamed.statusCode).toBe(200);
      expect((await me(b, u.accessToken)).json().name, `rename ${i}`).toBe(`Round ${i}`);
      const out = await a.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: u.headers,
        payload: { refreshToken: u.refreshToken },
      });
      expect(out.statusCode).toBe(204);
      expect((await me(b, u.accessToken)).statusCode, `logout ${i}`).toBe(401);
    }
  }, 60_000);

  it.skipIf(withRedis)(
    'while B cannot hear notices it reads the database; once back it caches again',
    async () => {
      const u = await buildUser(a);
      await warm(u);
      // End B's LISTEN session (an administrator, a PostgreSQL restart or a network cut would do the same).
      const admin = new pg.Client({ connectionString: a.ctx.config.databaseUrl });
      await admin.connect();
      try {
        const killed = await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
          [LISTEN_APPLICATION_NAME],
        );
        // A's and B's listeners.
        expect(killed.rowCount).toBe(2);
      } finally {
        await admin.end();
      }
      for (let i = 0; i < 100 && b.ctx.authChanges.live(); i++) {
        await sleep(10);
      }
      expect(b.ctx.authChanges.live()).toBe(false);
      expect(b.ctx.verifiedTokens.size).toBe(0);
      expect(b.ctx.userCache.peek(u.id)).toBeUndefined();
      // A revocation while nobody listens still holds on B (it reads the blacklist again).
      await a.app.inject({ method: 'POST', url: '/api/auth/logout', headers: u.headers, payload: {} });
      expect((await me(b, u.accessToken)).statusCode).toBe(401);
      // Reconnects within about a second and caches again.
      for (let i = 0; i < 300 && !b.ctx.authChanges.live(); i++) {
        await sleep(10);
      }
      const v = await buildUser(a);
      await warm(v);
    },
  );
});
