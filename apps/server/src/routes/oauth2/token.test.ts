import { buildAuthorizationUrl, newOAuth2Attempt, readOAuth2Redirect, type TOAuth2Auth } from '@apiplay/core';
import {
  CookieJar,
  followProvider,
  startOidcProvider,
  type TestOidcProvider,
} from '@apiplay/core/test-support/oidc-provider';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyEntries } from '../../db/schema';
import { buildUser, createTestApp, type TestApp, type TestUser } from '../../test';

const REDIRECT = 'http://app.test/api/oauth2/callback';
const SECRET = 'token-client-secret-42';
let idp: TestOidcProvider;
let t: TestApp;
let user: TestUser;
let environmentId: string;

beforeAll(async () => {
  idp = await startOidcProvider({
    clients: [{ clientId: 'web', clientSecret: SECRET, redirectUris: [REDIRECT] }],
  });
  t = await createTestApp({ env: { EXECUTION_ALLOWED_HOSTS: '127.0.0.1' } });
  user = await buildUser(t);
  const env = await t.app.inject({
    method: 'POST',
    url: `/api/workspaces/${user.personalWorkspaceId}/environments`,
    headers: user.headers,
    payload: { name: 'IdP', variables: [{ key: 'client_secret', value: SECRET, secret: true }] },
  });
  expect(env.statusCode, env.body).toBe(201);
  environmentId = env.json().id;
});
afterAll(async () => {
  await t.close();
  await idp.close();
});

async function code(): Promise<{ code: string; verifier: string }> {
  const auth: TOAuth2Auth = {
    type: 'oauth2',
    grantType: 'authorization_code',
    authUrl: `${idp.issuer}/auth`,
    accessTokenUrl: `${idp.issuer}/token`,
    clientId: 'web',
    clientSecret: '',
    usePkce: true,
    scope: 'openid email',
    clientAuthentication: 'header',
    headerPrefix: 'Bearer',
  };
  const attempt = newOAuth2Attempt(auth);
  const back = await followProvider(
    await buildAuthorizationUrl(auth, attempt, REDIRECT),
    new CookieJar(),
    REDIRECT,
  );
  const redirect = readOAuth2Redirect(auth, attempt, back.search, back.hash);
  if (redirect.kind !== 'code' || attempt.codeVerifier === undefined) {
    throw new Error(JSON.stringify(redirect));
  }
  return { code: redirect.code, verifier: attempt.codeVerifier };
}

const tokenCall = (grant: object) =>
  t.app.inject({
    method: 'POST',
    url: '/api/oauth2/token',
    headers: user.headers,
    payload: {
      workspaceId: user.personalWorkspaceId,
      environmentId,
      auth: {
        accessTokenUrl: `${idp.issuer}/token`,
        clientId: 'web',
        clientSecret: '{{client_secret}}',
        scope: 'openid email',
      },
      grant,
    },
  });

describe('POST /api/oauth2/token against oidc-provider', () => {
  it('exchanges a code with the PKCE verifier (secret from the environment), refreshes, and keeps no history', async () => {
    const { code: c, verifier } = await code();
    const grant = { kind: 'authorization_code', code: c, codeVerifier: verifier, redirectUri: REDIRECT };
    const res = await tokenCall(grant);
    expect(res.statusCode, res.body).toBe(200);
    const token = res.json();
    expect(token).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 });
    expect(token.refreshToken).toBeTruthy();
    const refreshed = await tokenCall({ kind: 'refresh_token', refreshToken: token.refreshToken });
    expect(refreshed.statusCode, refreshed.body).toBe(200);
    expect(refreshed.json().accessToken).not.toBe(token.accessToken);
    // The code works once (and its reuse makes the provider revoke what it granted).
    const replay = await tokenCall(grant);
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.message).toContain('invalid_grant');
    const history = await t.ctx.db
      .select()
      .from(historyEntries)
      .where(eq(historyEntries.workspaceId, user.personalWorkspaceId));
    expect(history).toHaveLength(0);
  });

  it('refuses a wrong verifier with the provider’s error', async () => {
    const { code: c } = await code();
    const res = await tokenCall({
      kind: 'authorization_code',
      code: c,
      codeVerifier: 'x'.repeat(43),
      redirectUri: REDIRECT,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual({ reason: 'token_refused' });
  });
});
