import { eq } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTokens, users } from '../../db/schema';
import { sha256 } from '../../lib/crypto';
import { buildUser, createTestApp, type TestApp } from '../../test';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
let n = 0;
const email = () => `person-${Date.now()}-${n++}@example.test`;

async function register(body: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: '/api/auth/register', payload: body });
}
async function login(e: string, password: string) {
  return t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: e, password } });
}
async function refresh(refreshToken: string) {
  return t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } });
}
async function me(token: string) {
  return t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
}

describe('register', () => {
  it('creates the account with an argon2id hash and a personal workspace, and signs in', async () => {
    const e = email();
    const res = await register({ email: e.toUpperCase(), password: 'plum-velvet-42', name: 'Ada' });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    // The first account of an empty instance is its admin (routes/admin/admin.test.ts covers who else is).
    expect(body.user).toMatchObject({ email: e, name: 'Ada', isAdmin: true });
    expect(body.user.passwordHash).toBeUndefined();
    expect(body.accessToken.split('.')).toHaveLength(3);
    expect(body.refreshToken).toMatch(/^rt_/);
    const [row] = await t.ctx.db.select().from(users).where(eq(users.email, e));
    expect(row?.passwordHash?.startsWith('$argon2id$')).toBe(true);
    const ws = await t.app.inject({
      method: 'GET',
      url: '/api/workspaces',
      headers: bearer(body.accessToken),
    });
    expect(ws.json().items).toEqual([expect.objectContaining({ kind: 'personal', role: 'owner' })]);
    expect((await me(body.accessToken)).json().email).toBe(e);
  });

  it('handles concurrent registrations and refreshes (transactions serialize on PGlite)', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => register({ email: email(), password: 'plum-velvet-42', name: 'Par' })),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
    const refreshed = await Promise.all(results.map((r) => refresh(r.json().refreshToken)));
    expect(refreshed.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
  });

  it('lets exactly one of two concurrent refreshes with the same token win', async () => {
    const u = await buildUser(t);
    const [a, b] = await Promise.all([refresh(u.refreshToken), refresh(u.refreshToken)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 401]);
  });

  it('rejects passwords made only of spaces or control characters, naming the field', async () => {
    for (const password of [
      ' '.repeat(8),
      '\t\n \r\t\n \r',
      '\u0001'.repeat(8),
      '\u00a0\u2003'.repeat(4),
      '\u200b'.repeat(8),
    ]) {
      const res = await register({ email: email(), password, name: 'X' });
      expect(res.statusCode, JSON.stringify(password)).toBe(400);
      expect(res.json().error.message).toContain('body.password');
    }
    // NUL is refused like any other NUL in API input.
    const nul = await register({ email: email(), password: '\u0000'.repeat(8), name: 'X' });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.message).toContain('body.password');
    const u = await buildUser(t);
    const change = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: u.headers,
      payload: { currentPassword: u.password, newPassword: ' '.repeat(12) },
    });
    expect(change.statusCode).toBe(400);
    expect(change.json().error.message).toContain('body.newPassword');
  });

  it('rejects short and common passwords, naming the field', async () => {
    const short = await register({ email: email(), password: 'abc', name: 'X' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.code).toBe('VALIDATION_FAILED');
    expect(short.json().error.message).toContain('body.password');
    const common = await register({ email: email(), password: 'Password123', name: 'X' });
    expect(common.statusCode).toBe(400);
    expect(common.json().error.message).toMatch(/body\.password: .*common/);
  });

  it('rejects a duplicate email (case-insensitive) with 409', async () => {
    const e = email();
    expect((await register({ email: e, password: 'plum-velvet-42', name: 'A' })).statusCode).toBe(201);
    const dup = await register({ email: e.toUpperCase(), password: 'plum-velvet-43', name: 'B' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('CONFLICT');
  });
});

describe('login', () => {
  it('gives the same error for a wrong email and a wrong password, and audits both', async () => {
    const u = await buildUser(t);
    const wrongPw = await login(u.email, 'not-the-password');
    const wrongEmail = await login(`nobody-${u.email}`, u.password);
    expect(wrongPw.statusCode).toBe(401);
    expect(wrongEmail.statusCode).toBe(401);
    expect(wrongPw.json()).toEqual(wrongEmail.json());
    const ok = await login(u.email, u.password);
    expect(ok.statusCode).toBe(200);
    const audit = await t.app.inject({ method: 'GET', url: '/api/auth/me/audit', headers: u.headers });
    const actions = audit.json().items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['auth.login', 'auth.login_failed']);
    expect(JSON.stringify(audit.json())).not.toContain('not-the-password');
  });
});

describe('refresh tokens', () => {
  it('rotate on every refresh; re-use of a spent token revokes the whole family', async () => {
    const u = await buildUser(t);
    const r1 = await refresh(u.refreshToken);
    expect(r1.statusCode, r1.body).toBe(200);
    const t2 = r1.json().refreshToken as string;
    expect(t2).not.toBe(u.refreshToken);
    expect((await me(r1.json().accessToken)).statusCode).toBe(200);

    // The spent token comes back: treat as stolen.
    const reuse = await refresh(u.refreshToken);
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().error.code).toBe('UNAUTHORIZED');
    // The legitimate successor is dead too: the family is revoked.
    expect((await refresh(t2)).statusCode).toBe(401);

    // Other families (another login) are unaffected.
    const other = await login(u.email, u.password);
    expect((await refresh(other.json().refreshToken)).statusCode).toBe(200);
    // Every access token of the revoked family ends at once, not at its expiry.
    expect((await me(u.accessToken)).statusCode).toBe(401);
    expect((await me(r1.json().accessToken)).statusCode).toBe(401);
    const audit = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me/audit',
      headers: { authorization: `Bearer ${other.json().accessToken}` },
    });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toContain('auth.refresh_reuse');
  });

  it('rejects unknown and expired refresh tokens', async () => {
    expect((await refresh('rt_unknown')).statusCode).toBe(401);
    const u = await buildUser(t);
    await t.ctx.db
      .update(refreshTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(refreshTokens.tokenHash, sha256(u.refreshToken)));
    expect((await refresh(u.refreshToken)).statusCode).toBe(401);
  });
});

describe('logout', () => {
  it('revokes the refresh family and blacklists the access token until it expires', async () => {
    const u = await buildUser(t);
    expect((await me(u.accessToken)).statusCode).toBe(200);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: u.headers,
      payload: { refreshToken: u.refreshToken },
    });
    expect(out.statusCode).toBe(204);
    const after = await me(u.accessToken);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('UNAUTHORIZED');
    expect((await refresh(u.refreshToken)).statusCode).toBe(401);
    // A fresh login still works.
    const again = await login(u.email, u.password);
    expect((await me(again.json().accessToken)).statusCode).toBe(200);
  });
});

describe('access tokens', () => {
  const secret = () => t.ctx.secrets.jwtSecret;
  async function forge(opts: { exp?: number; alg?: string; key?: Uint8Array; sub?: string }) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: opts.alg ?? 'HS256' })
      .setSubject(opts.sub ?? '00000000-0000-4000-8000-000000000000')
      .setJti('forged')
      .setIssuer('apiplay')
      .setAudience('apiplay-api')
      .setIssuedAt(now - 3600)
      .setExpirationTime(opts.exp ?? now + 600)
      .sign(opts.key ?? secret());
  }

  it('accepts a well-formed token (control)', async () => {
    const u = await buildUser(t);
    const token = await forge({ sub: u.id });
    expect((await me(token)).statusCode).toBe(200);
  });

  it('rejects an expired token', async () => {
    const u = await buildUser(t);
    const token = await forge({ sub: u.id, exp: Math.floor(Date.now() / 1000) - 10 });
    expect((await me(token)).statusCode).toBe(401);
  });

  it('rejects a tampered token (payload changed, signature kept)', async () => {
    const u = await buildUser(t);
    const other = await buildUser(t);
    const [h, p, s] = u.accessToken.split('.');
    const payload = JSON.parse(Buffer.from(String(p), 'base64url').toString());
    payload.sub = other.id;
    const tampered = [h, Buffer.from(JSON.stringify(payload)).toString('base64url'), s].join('.');
    expect((await me(tampered)).statusCode).toBe(401);
  });

  it('rejects a token signed with another key and one with another HMAC alg', async () => {
    const u = await buildUser(t);
    expect(
      (await me(await forge({ sub: u.id, key: new TextEncoder().encode('x'.repeat(64)) }))).statusCode,
    ).toBe(401);
    expect((await me(await forge({ sub: u.id, alg: 'HS512' }))).statusCode).toBe(401);
  });

  it('rejects alg: none', async () => {
    const u = await buildUser(t);
    const now = Math.floor(Date.now() / 1000);
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ sub: u.id, jti: 'n', iss: 'apiplay', aud: 'apiplay-api', iat: now, exp: now + 600 })}.`;
    expect((await me(none)).statusCode).toBe(401);
  });

  it('rejects malformed Authorization headers', async () => {
    for (const authorization of ['Bearer', 'Basic abc', 'Bearer a b', 'Bearer ']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
    }
  });
});

describe('profile and password', () => {
  it('updates the profile', async () => {
    const u = await buildUser(t);
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      headers: u.headers,
      payload: { name: 'New Name', avatarUrl: 'https://example.test/a.png' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'New Name', avatarUrl: 'https://example.test/a.png' });
    expect((await me(u.accessToken)).json().name).toBe('New Name');
    const empty = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      headers: u.headers,
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
  });

  it('changes the password: checks the current one, ends old sessions, returns new tokens', async () => {
    const u = await buildUser(t);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: u.headers,
      payload: { currentPassword: 'nope-nope-nope', newPassword: 'fresh-orchid-88' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toContain('body.currentPassword');
    const common = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: u.headers,
      payload: { currentPassword: u.password, newPassword: 'iloveyou123' },
    });
    expect(common.statusCode).toBe(400);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: u.headers,
      payload: { currentPassword: u.password, newPassword: 'fresh-orchid-88' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await me(ok.json().accessToken)).statusCode).toBe(200);
    expect((await me(u.accessToken)).statusCode).toBe(401);
    expect((await refresh(u.refreshToken)).statusCode).toBe(401);
    expect((await login(u.email, u.password)).statusCode).toBe(401);
    expect((await login(u.email, 'fresh-orchid-88')).statusCode).toBe(200);
    const audit = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me/audit',
      headers: bearer(ok.json().accessToken),
    });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toContain('auth.password_changed');
  });
});

describe('rate limits', () => {
  it('answers login bursts with 429 and Retry-After, per IP and per account', async () => {
    const limited = await createTestApp({
      env: { AUTH_RATE_LIMIT_PER_IP: '5', AUTH_RATE_LIMIT_PER_ACCOUNT: '3' },
    });
    try {
      const u = await buildUser(limited);
      const attempt = (e: string, ip: string, password = 'wrong-password') =>
        limited.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: ip,
          payload: { email: e, password },
        });
      // Per (account, IP): 3 failures from one address, then 429 there, even with the right password…
      for (let i = 0; i < 3; i++) {
        expect((await attempt(u.email, '10.0.0.1')).statusCode).toBe(401);
      }
      const acct = await attempt(u.email, '10.0.0.1', u.password);
      expect(acct.statusCode).toBe(429);
      expect(acct.json().error.code).toBe('RATE_LIMITED');
      expect(Number(acct.headers['retry-after'])).toBeGreaterThan(0);
      // …while the owner on their own network still signs in: a stranger cannot lock them out.
      expect((await attempt(u.email, '192.168.7.7', u.password)).statusCode).toBe(200);
      // Successful logins are not failures.
      expect((await attempt(u.email, '192.168.7.7', u.password)).statusCode).toBe(200);
      // Per IP: 5 attempts on different accounts from one IP, then 429.
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) {
        codes.push((await attempt(`burst-${i}@example.test`, '10.0.0.9')).statusCode);
      }
      expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429]);
      // Register shares the per-IP budget idea.
      const regCodes: number[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await limited.app.inject({
          method: 'POST',
          url: '/api/auth/register',
          remoteAddress: '10.0.1.1',
          payload: { email: `r${i}-${email()}`, password: 'password123', name: 'R' },
        });
        regCodes.push(r.statusCode);
      }
      expect(regCodes.slice(0, 5).every((c) => c === 400)).toBe(true);
      expect(regCodes[5]).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('bounds failures per account across addresses at ten times the per-address limit', async () => {
    const limited = await createTestApp({ env: { AUTH_RATE_LIMIT_PER_ACCOUNT: '2' } });
    try {
      const u = await buildUser(limited);
      const attempt = (ip: string, password = 'wrong-password') =>
        limited.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: ip,
          payload: { email: u.email, password },
        });
      // 10 addresses × 2 failures = 20 = the account-wide bound.
      for (let a = 0; a < 10; a++) {
        for (let i = 0; i < 2; i++) {
          expect((await attempt(`10.1.0.${a}`)).statusCode).toBe(401);
        }
      }
      expect((await attempt('192.168.7.7', u.password)).statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe('refresh cookie (browser clients, X-Refresh-Cookie: 1)', () => {
  const cookieMode = { 'x-refresh-cookie': '1' };

  /** The `apiplay_refresh` Set-Cookie of a response, parsed. */
  function refreshCookie(res: { cookies: { name: string; value: string; [k: string]: unknown }[] }) {
    return res.cookies.find((c) => c.name === 'apiplay_refresh');
  }

  async function browserLogin(e: string, password: string) {
    return t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: cookieMode,
      payload: { email: e, password },
    });
  }

  async function cookieRefresh(value: string, headers: Record<string, string> = cookieMode) {
    return t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: { ...headers, cookie: `apiplay_refresh=${value}` },
      payload: {},
    });
  }

  it('sets the refresh token as an HttpOnly, SameSite=Strict cookie on /api/auth and leaves it out of the body', async () => {
    const u = await buildUser(t);
    const res = await browserLogin(u.email, u.password);
    expect(res.statusCode).toBe(200);
    expect(res.json().refreshToken).toBeUndefined();
    expect(res.json().accessToken.split('.')).toHaveLength(3);
    const cookie = refreshCookie(res);
    expect(cookie).toMatchObject({ path: '/api/auth', httpOnly: true, sameSite: 'Strict' });
    expect(cookie?.value).toMatch(/^rt_/);
    expect(cookie?.secure).toBeUndefined();
    const registered = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: cookieMode,
      payload: { email: email(), password: 'plum-velvet-42', name: 'Cookie' },
    });
    expect(registered.statusCode).toBe(201);
    expect(registered.json().refreshToken).toBeUndefined();
    expect(refreshCookie(registered)?.value).toMatch(/^rt_/);
  });

  it('is Secure when the app is reached over TLS', async () => {
    const tls = await createTestApp({ env: { TRUST_PROXY: 'true' } });
    try {
      const u = await buildUser(tls);
      const res = await tls.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { ...cookieMode, 'x-forwarded-proto': 'https' },
        payload: { email: u.email, password: u.password },
      });
      expect(refreshCookie(res)?.secure).toBe(true);
    } finally {
      await tls.close();
    }
  });

  it('refreshes from the cookie (rotating it) only with the custom header, and re-use still revokes', async () => {
    const u = await buildUser(t);
    const first = refreshCookie(await browserLogin(u.email, u.password))?.value ?? '';
    // Without the custom header (what a cross-site form or fetch without preflight could send): refused.
    const forged = await cookieRefresh(first, {});
    expect(forged.statusCode).toBe(401);
    const rotated = await cookieRefresh(first);
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().refreshToken).toBeUndefined();
    expect((await me(rotated.json().accessToken)).statusCode).toBe(200);
    const second = refreshCookie(rotated)?.value ?? '';
    expect(second).toMatch(/^rt_/);
    expect(second).not.toBe(first);
    const reuse = await cookieRefresh(first);
    expect(reuse.statusCode).toBe(401);
    expect(refreshCookie(reuse)?.value).toBe('');
    expect((await cookieRefresh(second)).statusCode).toBe(401);
  });

  it('logout reads and clears the cookie; the family and its access tokens end', async () => {
    const u = await buildUser(t);
    const signedIn = await browserLogin(u.email, u.password);
    const value = refreshCookie(signedIn)?.value ?? '';
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { ...cookieMode, ...bearer(signedIn.json().accessToken), cookie: `apiplay_refresh=${value}` },
      payload: {},
    });
    expect(out.statusCode).toBe(204);
    expect(refreshCookie(out)?.value).toBe('');
    expect((await cookieRefresh(value)).statusCode).toBe(401);
    expect((await me(signedIn.json().accessToken)).statusCode).toBe(401);
  });

  it('non-browser clients keep the JSON body flow', async () => {
    const u = await buildUser(t);
    const res = await refresh(u.refreshToken);
    expect(res.statusCode).toBe(200);
    expect(res.json().refreshToken).toMatch(/^rt_/);
    expect(res.cookies).toEqual([]);
  });
});
