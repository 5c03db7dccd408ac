import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CookieJar,
  followProvider,
  startOidcProvider,
  type TestOidcProvider,
} from '../../test-support/oidc-provider';
import { createNodeTransport, type NodeTransport } from '../node/transport';
import { executeOne } from '../runner';
import type { TRequest } from '../schema';
import { AuthCache } from './auth-cache';
import type { TOAuth2Auth } from './oauth2';
import {
  buildAuthorizationUrl,
  buildCodeExchangeRequest,
  buildRefreshRequest,
  newOAuth2Attempt,
  parseTokenAnswer,
  readOAuth2Redirect,
  withObtainedToken,
} from './oauth2-flows';

const REDIRECT = 'http://app.test/api/oauth2/callback';
/** A public (native) client's loopback redirect: nothing listens there, the test stops at it. */
const LOOPBACK_REDIRECT = 'http://127.0.0.1:9/api/oauth2/callback';
let idp: TestOidcProvider;
let transport: NodeTransport;

beforeAll(async () => {
  idp = await startOidcProvider({
    clients: [
      { clientId: 'confidential', clientSecret: 'confidential-secret-123', redirectUris: [REDIRECT] },
      {
        clientId: 'public-spa',
        redirectUris: [LOOPBACK_REDIRECT],
        applicationType: 'native',
        tokenEndpointAuthMethod: 'none',
        responseTypes: ['code', 'id_token token'],
        grantTypes: ['authorization_code', 'implicit', 'refresh_token'],
      },
    ],
    account: { sub: 'ada', email: 'ada@example.test', name: 'Ada' },
  });
  transport = createNodeTransport();
});
afterAll(async () => {
  await transport.close();
  await idp.close();
});

function auth(over: Partial<TOAuth2Auth>): TOAuth2Auth {
  return {
    type: 'oauth2',
    grantType: 'authorization_code',
    authUrl: `${idp.issuer}/auth`,
    accessTokenUrl: `${idp.issuer}/token`,
    clientId: 'confidential',
    clientSecret: 'confidential-secret-123',
    scope: 'openid email profile',
    clientAuthentication: 'header',
    headerPrefix: 'Bearer',
    ...over,
  };
}

function request(url: string, a: TOAuth2Auth | { type: 'none' }): TRequest {
  return {
    v: 1,
    id: 'r',
    name: 'r',
    description: '',
    method: 'GET',
    url,
    headers: [],
    body: { mode: 'none' },
    auth: a,
    scripts: { preRequest: '', test: '' },
    settings: {},
  } as TRequest;
}

async function send(req: TRequest, authCache?: AuthCache) {
  const { execution } = await executeOne({ request: req, transport, ...(authCache ? { authCache } : {}) });
  if (execution.response === undefined) {
    throw new Error(`no response: ${JSON.stringify(execution.error)}`);
  }
  return execution.response;
}

/** The redirect back from the provider, as the popup would see it. */
async function authorize(a: TOAuth2Auth) {
  const redirect = a.clientId === 'public-spa' ? LOOPBACK_REDIRECT : REDIRECT;
  const attempt = newOAuth2Attempt(a);
  const url = await buildAuthorizationUrl(a, attempt, redirect);
  const back = await followProvider(url, new CookieJar(), redirect);
  return { attempt, back };
}

describe('OAuth 2 interactive grants against oidc-provider on loopback', () => {
  it('authorization code + PKCE: code → token → the API accepts it; the code works once', async () => {
    const a = auth({ usePkce: true });
    const { attempt, back } = await authorize(a);
    expect(attempt.codeVerifier).toBeDefined();
    const redirect = readOAuth2Redirect(a, attempt, back.search, back.hash);
    if (redirect.kind !== 'code') {
      throw new Error(JSON.stringify(redirect));
    }
    const exchange = buildCodeExchangeRequest(a, {
      code: redirect.code,
      codeVerifier: attempt.codeVerifier,
      redirectUri: REDIRECT,
    });
    const answer = await send(exchange);
    const token = parseTokenAnswer(answer.status, answer.body);
    expect(token).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 });
    expect(token.refreshToken).toBeTruthy();
    expect(token.idToken).toBeTruthy();
    const stored = withObtainedToken(a, token);
    const me = await send(request(`${idp.issuer}/me`, stored));
    expect(me.status).toBe(200);
    expect(JSON.parse(me.body)).toMatchObject({ sub: 'ada', email: 'ada@example.test' });
    // The same code again is refused by the provider.
    const again = await send(exchange);
    expect(() => parseTokenAnswer(again.status, again.body)).toThrow(/invalid_grant/);
  });

  it('a wrong PKCE verifier is refused', async () => {
    const a = auth({ usePkce: true });
    const { attempt, back } = await authorize(a);
    const redirect = readOAuth2Redirect(a, attempt, back.search, back.hash);
    if (redirect.kind !== 'code') {
      throw new Error('no code');
    }
    const answer = await send(
      buildCodeExchangeRequest(a, {
        code: redirect.code,
        codeVerifier: 'x'.repeat(43),
        redirectUri: REDIRECT,
      }),
    );
    expect(() => parseTokenAnswer(answer.status, answer.body)).toThrow(/invalid_grant/);
  });

  it('refuses an answer whose state is not the attempt’s', async () => {
    const a = auth({});
    const { back } = await authorize(a);
    const other = newOAuth2Attempt(a);
    expect(readOAuth2Redirect(a, other, back.search, back.hash)).toMatchObject({ kind: 'error' });
  });

  it('an expired token is renewed with the stored refresh token at send time (what the CLI does)', async () => {
    const a = auth({ usePkce: true });
    const { attempt, back } = await authorize(a);
    const redirect = readOAuth2Redirect(a, attempt, back.search, back.hash);
    if (redirect.kind !== 'code') {
      throw new Error('no code');
    }
    const exchange = await send(
      buildCodeExchangeRequest(a, {
        code: redirect.code,
        codeVerifier: attempt.codeVerifier,
        redirectUri: REDIRECT,
      }),
    );
    const stored = withObtainedToken(a, parseTokenAnswer(exchange.status, exchange.body));
    const expired: TOAuth2Auth = {
      ...stored,
      accessToken: 'stale-token',
      accessTokenExpiresAt: Date.now() - 1000,
    };
    const cache = new AuthCache();
    const me = await send(request(`${idp.issuer}/me`, expired), cache);
    expect(me.status).toBe(200);
    expect(cache.fetches).toBe(1);
    // Without a refresh token the stale token goes out as it is, and the API says no.
    const { refreshToken: _dropped, ...noRefresh } = expired;
    expect((await send(request(`${idp.issuer}/me`, noRefresh))).status).toBe(401);
    // The web's explicit refresh builds the same request.
    const refreshed = await send(buildRefreshRequest(stored, stored.refreshToken ?? ''));
    expect(parseTokenAnswer(refreshed.status, refreshed.body).accessToken).toBeTruthy();
  });

  it('implicit (public client, id_token token): the token arrives in the fragment and works', async () => {
    const a = auth({ grantType: 'implicit', clientId: 'public-spa', clientSecret: '' });
    const { attempt, back } = await authorize(a);
    expect(attempt.nonce).toBeDefined();
    expect(back.search).toBe('');
    const redirect = readOAuth2Redirect(a, attempt, back.search, back.hash);
    if (redirect.kind !== 'token') {
      throw new Error(JSON.stringify(redirect));
    }
    const me = await send(request(`${idp.issuer}/me`, withObtainedToken(a, redirect.token)));
    expect(me.status).toBe(200);
  });

  it('a public client exchanges its code with PKCE and client_id in the body', async () => {
    const a = auth({ clientId: 'public-spa', clientSecret: '', usePkce: true });
    const { attempt, back } = await authorize(a);
    const redirect = readOAuth2Redirect(a, attempt, back.search, back.hash);
    if (redirect.kind !== 'code') {
      throw new Error('no code');
    }
    const exchange = buildCodeExchangeRequest(a, {
      code: redirect.code,
      codeVerifier: attempt.codeVerifier,
      redirectUri: LOOPBACK_REDIRECT,
    });
    expect(exchange.auth).toEqual({ type: 'none' });
    const answer = await send(exchange);
    expect(parseTokenAnswer(answer.status, answer.body).accessToken).toBeTruthy();
  });
});
