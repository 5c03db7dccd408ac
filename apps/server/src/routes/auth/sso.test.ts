import { startOidcProvider, type TestOidcProvider } from '@apiplay/core/test-support/oidc-provider';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, signInFlows, userIdentities, users, workspaceMembers } from '../../db/schema';
import { buildUser, createTestApp, type TestApp } from '../../test';
import { CookieJar, ssoToCallback } from '../../test/sso-flow';

const PUBLIC_URL = 'http://app.test';
const CALLBACK = `${PUBLIC_URL}/api/auth/sso/oidc/callback`;

let idp: TestOidcProvider;
let t: TestApp;

beforeAll(async () => {
  idp = await startOidcProvider({
    clients: [{ clientId: 'apiplay', clientSecret: 'apiplay-secret-0123456789', redirectUris: [CALLBACK] }],
  });
  t = await createTestApp({
    env: {
      PUBLIC_URL,
      OIDC_ISSUER_URL: idp.issuer,
      OIDC_CLIENT_ID: 'apiplay',
      OIDC_CLIENT_SECRET: 'apiplay-secret-0123456789',
      OIDC_DISPLAY_NAME: 'Acme ID',
      OIDC_ALLOWED_DOMAINS: 'example.test,acme.test',
    },
  });
});
afterAll(async () => {
  await t.close();
  await idp.close();
});

async function callback(path: string, jar: CookieJar) {
  return t.app.inject({ method: 'GET', url: path, headers: { cookie: jar.header() } });
}

async function auditReasons(action: string): Promise<string[]> {
  const rows = await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.action, action));
  return rows.map((r) => String((r.meta as { reason?: unknown } | null)?.reason));
}

async function signInCompletely(email: string, sub: string, returnTo?: string) {
  idp.signInAs({ sub, email, name: `Person ${sub}` });
  const { callbackPath, jar } = await ssoToCallback(t, 'oidc', PUBLIC_URL, returnTo);
  const res = await callback(callbackPath, jar);
  return { res, callbackPath, jar };
}

async function accessTokenFrom(res: { headers: Record<string, unknown> }): Promise<string> {
  const jar = new CookieJar();
  jar.take(res.headers['set-cookie'] as string[]);
  const refresh = await t.app.inject({
    method: 'POST',
    url: '/api/auth/refresh',
    headers: { 'x-refresh-cookie': '1', cookie: jar.header() },
    payload: {},
  });
  expect(refresh.statusCode).toBe(200);
  return (refresh.json() as { accessToken: string }).accessToken;
}

describe('single sign-on with OpenID Connect (oidc-provider on loopback)', () => {
  it('lists the provider under its display name beside password sign-in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/options' });
    expect(res.json()).toEqual({
      password: true,
      providers: [{ id: 'oidc', name: 'Acme ID' }],
      emailVerificationRequired: false,
    });
  });

  it('creates the account on first sign-in, signs in with the refresh cookie and returns to the app', async () => {
    const { res } = await signInCompletely('New.Person@Example.test', 'sub-new', '/w/somewhere?x=1');
    expect(res.statusCode, res.body).toBe(302);
    expect(res.headers.location).toBe('/w/somewhere?x=1');
    const access = await accessTokenFrom(res);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${access}` },
    });
    expect(me.json()).toMatchObject({
      email: 'new.person@example.test',
      name: 'Person sub-new',
      emailVerified: true,
    });
    const [user] = await t.ctx.db.select().from(users).where(eq(users.email, 'new.person@example.test'));
    expect(user?.passwordHash).toBeNull();
    const owned = await t.ctx.db
      .select()
      .from(workspaceMembers)
      .where(eq(workspaceMembers.userId, user?.id ?? ''));
    expect(owned).toHaveLength(1);
    // A password login cannot get into an SSO-only account.
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'new.person@example.test', password: 'anything-at-all' },
    });
    expect(login.statusCode).toBe(401);
    // Signing in again finds the same account through the linked identity.
    const again = await signInCompletely('new.person@example.test', 'sub-new');
    expect(again.res.statusCode).toBe(302);
    expect(
      await t.ctx.db.select().from(users).where(eq(users.email, 'new.person@example.test')),
    ).toHaveLength(1);
  });

  it('links to an existing account with the same verified email', async () => {
    const existing = await buildUser(t, { email: 'owner@acme.test' });
    const { res } = await signInCompletely('owner@acme.test', 'sub-owner');
    expect(res.statusCode, res.body).toBe(302);
    const access = await accessTokenFrom(res);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${access}` },
    });
    expect(me.json()).toMatchObject({ id: existing.id, emailVerified: true });
    const links = await t.ctx.db.select().from(userIdentities).where(eq(userIdentities.userId, existing.id));
    expect(links.map((l) => l.subject)).toEqual(['sub-owner']);
    expect(
      (await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.action, 'auth.sso_linked'))).length,
    ).toBe(1);
  });

  it('refuses a replayed callback (state is single-use) with 400 and an audit event', async () => {
    const { res, callbackPath, jar } = await signInCompletely('replay@example.test', 'sub-replay');
    expect(res.statusCode).toBe(302);
    const replay = await callback(callbackPath, jar);
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.details).toEqual({ reason: 'replayed_state' });
    expect(await auditReasons('auth.sso_failed')).toContain('replayed_state');
    // A browser gets the same status as a page with a way back.
    const page = await t.app.inject({
      method: 'GET',
      url: callbackPath,
      headers: { cookie: jar.header(), accept: 'text/html,application/xhtml+xml' },
    });
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('already used');
    expect(page.body).toContain('href="/signin"');
  });

  it('refuses a wrong or missing state, another browser, a tampered code, an expired attempt', async () => {
    idp.signInAs({ sub: 'sub-bad', email: 'bad@example.test' });
    const a = await ssoToCallback(t, 'oidc', PUBLIC_URL);
    const wrongState = a.callbackPath.replace(/state=[^&]+/, 'state=not-the-state');
    expect((await callback(wrongState, a.jar)).json().error.details).toEqual({ reason: 'unknown_state' });
    const noState = a.callbackPath.replace(/state=[^&]+/, '');
    expect((await callback(noState, a.jar)).json().error.details).toEqual({ reason: 'missing_state' });
    const otherBrowser = await callback(a.callbackPath, new CookieJar());
    expect(otherBrowser.statusCode).toBe(400);
    expect(otherBrowser.json().error.details).toEqual({ reason: 'browser_mismatch' });

    const b = await ssoToCallback(t, 'oidc', PUBLIC_URL);
    const tampered = await callback(b.callbackPath.replace(/code=[^&]+/, 'code=forged-code'), b.jar);
    expect(tampered.statusCode).toBe(400);
    expect(tampered.json().error.details).toEqual({ reason: 'provider_invalid_grant' });

    const c = await ssoToCallback(t, 'oidc', PUBLIC_URL);
    await t.ctx.db.update(signInFlows).set({ expiresAt: new Date(Date.now() - 1000) });
    const expired = await callback(c.callbackPath, c.jar);
    expect(expired.statusCode).toBe(400);
    expect(expired.json().error.details).toEqual({ reason: 'expired' });

    expect(await t.ctx.db.select().from(users).where(eq(users.email, 'bad@example.test'))).toHaveLength(0);
    expect(await auditReasons('auth.sso_failed')).toEqual(
      expect.arrayContaining([
        'unknown_state',
        'missing_state',
        'browser_mismatch',
        'provider_invalid_grant',
        'expired',
      ]),
    );
  });

  it('refuses an ID token whose nonce is not the attempt’s, creating nothing', async () => {
    idp.signInAs({ sub: 'sub-nonce', email: 'nonce@example.test' });
    const { callbackPath, jar } = await ssoToCallback(t, 'oidc', PUBLIC_URL);
    // The provider signed the nonce it was sent; the attempt now expects another one.
    await t.ctx.db.update(signInFlows).set({ nonce: 'a-different-nonce-value' });
    const res = await callback(callbackPath, jar);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual({ reason: 'nonce_mismatch' });
    expect(await t.ctx.db.select().from(users).where(eq(users.email, 'nonce@example.test'))).toHaveLength(0);
  });

  it('refuses unverified emails and domains outside OIDC_ALLOWED_DOMAINS (403), creating nothing', async () => {
    idp.signInAs({ sub: 'sub-unverified', email: 'unverified@example.test', emailVerified: false });
    const a = await ssoToCallback(t, 'oidc', PUBLIC_URL);
    const unverified = await callback(a.callbackPath, a.jar);
    expect(unverified.statusCode).toBe(403);
    expect(unverified.json().error.details).toEqual({ reason: 'email_unverified' });
    idp.signInAs({ sub: 'sub-elsewhere', email: 'someone@elsewhere.test' });
    const b = await ssoToCallback(t, 'oidc', PUBLIC_URL);
    const outside = await callback(b.callbackPath, b.jar);
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.details).toEqual({ reason: 'domain_not_allowed' });
    const made = await t.ctx.db
      .select()
      .from(userIdentities)
      .where(and(eq(userIdentities.provider, 'oidc'), eq(userIdentities.subject, 'sub-elsewhere')));
    expect(made).toHaveLength(0);
    expect(
      await t.ctx.db.select().from(users).where(eq(users.email, 'unverified@example.test')),
    ).toHaveLength(0);
  });

  it('answers 404 with an audit event for an unknown provider', async () => {
    const start = await t.app.inject({ method: 'GET', url: '/api/auth/sso/okta/start' });
    expect(start.statusCode).toBe(404);
    const back = await t.app.inject({ method: 'GET', url: '/api/auth/sso/okta/callback?state=x&code=y' });
    expect(back.statusCode).toBe(404);
    expect((await auditReasons('auth.sso_failed')).filter((r) => r === 'unknown_provider')).toHaveLength(2);
  });

  it('ignores a returnTo that leaves the site', async () => {
    for (const returnTo of ['//evil.test/x', 'https://evil.test/', '/\\evil.test']) {
      const { res } = await signInCompletely('new.person@example.test', 'sub-new', returnTo);
      expect(res.headers.location).toBe('/');
    }
  });
});

describe('password sign-in turned off', () => {
  it('refuses password login and sign-up with 403 and says so in the options', async () => {
    const off = await createTestApp({ env: { PASSWORD_SIGNIN_ENABLED: 'false' } });
    try {
      const user = await buildUser(off);
      const login = await off.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: user.email, password: user.password },
      });
      expect(login.statusCode).toBe(403);
      const register = await off.app.inject({
        method: 'POST',
        url: '/api/auth/register',
        payload: { email: 'x@example.test', password: 'a-long-password-1', name: 'X' },
      });
      expect(register.statusCode).toBe(403);
      const options = await off.app.inject({ method: 'GET', url: '/api/auth/options' });
      expect(options.json()).toMatchObject({ password: false, providers: [] });
    } finally {
      await off.close();
    }
  });
});
