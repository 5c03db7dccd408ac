import { describe, expect, it } from 'vitest';
import { buildUser, createTestApp } from '../test';
import { SharedBlacklist } from './token-blacklist';

const redisUrl = process.env.TEST_REDIS_URL;

describe.skipIf(!redisUrl)('Redis-backed stores (set TEST_REDIS_URL=redis://… to run)', () => {
  it('rate-limits logins through Redis with Retry-After', async () => {
    const t = await createTestApp({ redis: true, env: { AUTH_RATE_LIMIT_PER_IP: '2' } });
    try {
      expect(t.ctx.redis).not.toBeNull();
      const codes: number[] = [];
      let retryAfter: string | undefined;
      for (let i = 0; i < 3; i++) {
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: '10.9.9.9',
          payload: { email: `r${i}@example.test`, password: 'whatever-pass' },
        });
        codes.push(r.statusCode);
        retryAfter = r.headers['retry-after'] as string | undefined;
      }
      expect(codes).toEqual([401, 401, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('locks failed logins per (account, IP) through Redis, not the owner elsewhere', async () => {
    const t = await createTestApp({ redis: true, env: { AUTH_RATE_LIMIT_PER_ACCOUNT: '2' } });
    try {
      const u = await buildUser(t);
      const attempt = (ip: string, password: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: ip,
          payload: { email: u.email, password },
        });
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) {
        codes.push((await attempt('10.8.8.8', 'wrong-password')).statusCode);
      }
      expect(codes).toEqual([401, 401, 429]);
      expect((await attempt('10.8.8.9', u.password)).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('a logout on one instance is seen by another sharing Redis and the database', async () => {
    const t = await createTestApp({ redis: true });
    try {
      const redis = t.ctx.redis;
      if (redis === null) {
        throw new Error('expected redis');
      }
      const u = await buildUser(t);
      const claims = await t.ctx.accessTokens.verify(u.accessToken);
      if (claims === null) {
        throw new Error('token should verify');
      }
      // Two instances = two blacklist objects with separate local caches over the same stores.
      const a = new SharedBlacklist(t.ctx.db, redis, 'apiplay-test-shared:');
      const b = new SharedBlacklist(t.ctx.db, redis, 'apiplay-test-shared:');
      expect(await b.has(claims.jti)).toBe(false);
      await a.add(claims.jti, claims.exp);
      expect(await b.has(claims.jti)).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe('shared blacklist without Redis (several instances on one PostgreSQL)', () => {
  it('reads the database so another instance sees a revocation', async () => {
    const t = await createTestApp();
    try {
      const u = await buildUser(t);
      const claims = await t.ctx.accessTokens.verify(u.accessToken);
      if (claims === null) {
        throw new Error('token should verify');
      }
      const a = new SharedBlacklist(t.ctx.db, null);
      const b = new SharedBlacklist(t.ctx.db, null);
      expect(await b.has(claims.jti)).toBe(false);
      await a.add(claims.jti, claims.exp);
      expect(await b.has(claims.jti)).toBe(true);
    } finally {
      await t.close();
    }
  });
});
