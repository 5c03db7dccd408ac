import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildAuthorizationUrl,
  buildCodeExchangeRequest,
  newOAuth2Attempt,
  parseTokenAnswer,
  readOAuth2Redirect,
  type TOAuth2Auth,
} from '@apiplay/core';
import { createNodeTransport } from '@apiplay/core/node';
import { executeOne } from '@apiplay/core/runner';
import {
  CookieJar,
  followProvider,
  startOidcProvider,
  type TestOidcProvider,
} from '@apiplay/core/test-support/oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { item, writePostman } from './postman-fixture';
import { runCli } from './spawn-cli';

const REDIRECT = 'http://app.test/api/oauth2/callback';
let idp: TestOidcProvider;
let dir: string;

/** A refresh token obtained the way the web app does (code + PKCE), as a person would have once. */
async function refreshTokenFromTheApp(): Promise<string> {
  const auth: TOAuth2Auth = {
    type: 'oauth2',
    grantType: 'authorization_code',
    authUrl: `${idp.issuer}/auth`,
    accessTokenUrl: `${idp.issuer}/token`,
    clientId: 'cli',
    clientSecret: 'cli-secret-0123456789',
    scope: 'openid email',
    usePkce: true,
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
  if (redirect.kind !== 'code') {
    throw new Error(JSON.stringify(redirect));
  }
  const transport = createNodeTransport();
  try {
    const request = buildCodeExchangeRequest(auth, {
      code: redirect.code,
      codeVerifier: attempt.codeVerifier,
      redirectUri: REDIRECT,
    });
    const { execution } = await executeOne({ request, transport });
    const token = parseTokenAnswer(execution.response?.status ?? 0, execution.response?.body ?? '');
    if (token.refreshToken === undefined) {
      throw new Error('no refresh token');
    }
    return token.refreshToken;
  } finally {
    await transport.close();
  }
}

function collection(refreshToken: string): string {
  return writePostman(
    dir,
    'OAuth 2',
    [item('Who am I', `${idp.issuer}/me`, "pm.test('200', () => pm.response.to.have.status(200));")],
    {
      auth: {
        type: 'oauth2',
        oauth2: [
          { key: 'grant_type', value: 'authorization_code_with_pkce' },
          { key: 'accessTokenUrl', value: `${idp.issuer}/token` },
          { key: 'authUrl', value: `${idp.issuer}/auth` },
          { key: 'clientId', value: 'cli' },
          { key: 'clientSecret', value: 'cli-secret-0123456789' },
          { key: 'scope', value: 'openid email' },
          { key: 'refreshToken', value: refreshToken },
          { key: 'addTokenTo', value: 'header' },
        ],
      },
    },
  );
}

beforeAll(async () => {
  idp = await startOidcProvider({
    clients: [{ clientId: 'cli', clientSecret: 'cli-secret-0123456789', redirectUris: [REDIRECT] }],
  });
  dir = mkdtempSync(join(tmpdir(), 'apiplay-cli-oauth2-'));
});
afterAll(async () => {
  await idp.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('apiplay run with an authorization-code auth and a stored refresh token', () => {
  it('gets an access token with the refresh token, without a person, and the API accepts it', async () => {
    const res = await runCli(['run', collection(await refreshTokenFromTheApp())]);
    expect(res.code, res.stdout + res.stderr).toBe(0);
  });

  it('fails the request (exit 1) with the provider’s refusal when the refresh token is not valid', async () => {
    const res = await runCli(['run', collection('not-a-refresh-token')]);
    expect(res.code).toBe(1);
    expect(res.stdout + res.stderr).toMatch(/invalid_grant/);
  });
});
