import type { TKeyValue, TRequestV1 } from '../schema';
import type { TOAuth2Auth } from './oauth2';

/**
 * The interactive OAuth 2 grants (RFC 6749 §4.1 authorization code with RFC 7636 PKCE, §4.2 implicit) as pure
 * steps a front end strings together: the authorization URL to open, the token request to send, and what the
 * answer means. Nothing here does I/O; the web opens the URL in a popup and sends the token request through the
 * server (which resolves {{variables}} and applies the SSRF guard).
 */

/** The secrets of one interactive attempt, kept by the front end until the redirect comes back. */
export interface OAuth2Attempt {
  state: string;
  /** PKCE verifier (authorization code with `usePkce`). */
  codeVerifier?: string;
  /** OpenID Connect nonce (implicit with the `openid` scope). */
  nonce?: string;
}

/** What a token endpoint (or an implicit redirect) gave: shown to the user and stored in the auth. */
export interface OAuth2TokenDetails {
  accessToken: string;
  tokenType: string;
  /** Lifetime in seconds, when the server said. */
  expiresIn?: number;
  refreshToken?: string;
  scope?: string;
  idToken?: string;
}

function base64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) {
    bin += String.fromCharCode(b);
  }
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A random URL-safe string (state, PKCE verifier, nonce) from the platform's CSPRNG. */
export function randomOAuth2Secret(bytes = 32): string {
  return base64Url(globalThis.crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The S256 PKCE challenge of a verifier (RFC 7636 §4.2). */
export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** Implicit asks for an ID token too when the scope is OpenID's: providers refuse a bare `token` then. */
export function implicitResponseType(a: TOAuth2Auth): 'token' | 'id_token token' {
  return (a.scope ?? '').split(/\s+/).includes('openid') ? 'id_token token' : 'token';
}

/** Starts an attempt: fresh state, plus the PKCE verifier or nonce the grant needs. */
export function newOAuth2Attempt(a: TOAuth2Auth): OAuth2Attempt {
  const attempt: OAuth2Attempt = { state: randomOAuth2Secret() };
  if (a.grantType === 'authorization_code' && a.usePkce === true) {
    attempt.codeVerifier = randomOAuth2Secret();
  }
  if (a.grantType === 'implicit' && implicitResponseType(a) === 'id_token token') {
    attempt.nonce = randomOAuth2Secret();
  }
  return attempt;
}

/** The authorization URL to open (`a` with its variables already resolved). */
export async function buildAuthorizationUrl(
  a: TOAuth2Auth,
  attempt: OAuth2Attempt,
  redirectUri: string,
): Promise<string> {
  if (a.grantType !== 'authorization_code' && a.grantType !== 'implicit') {
    throw new Error(`OAuth 2 grant "${a.grantType}" has no authorization step`);
  }
  if (!a.authUrl) {
    throw new Error('Set the authorization URL first');
  }
  const url = new URL(a.authUrl);
  const q = url.searchParams;
  q.set('response_type', a.grantType === 'implicit' ? implicitResponseType(a) : 'code');
  q.set('client_id', a.clientId);
  q.set('redirect_uri', redirectUri);
  q.set('state', attempt.state);
  if (a.scope) {
    q.set('scope', a.scope);
  }
  if (attempt.codeVerifier !== undefined) {
    q.set('code_challenge', await pkceChallenge(attempt.codeVerifier));
    q.set('code_challenge_method', 'S256');
  }
  if (attempt.nonce !== undefined) {
    q.set('nonce', attempt.nonce);
  }
  return url.toString();
}

/** What the redirect carried: the code (authorization code), the token (implicit), or the server's error. */
export type OAuth2Redirect =
  | { kind: 'code'; code: string }
  | { kind: 'token'; token: OAuth2TokenDetails }
  | { kind: 'error'; message: string };

/**
 * Reads the redirect's query (code) or fragment (implicit) and checks its `state` against the attempt: a wrong or
 * missing state is refused (it may be another tab's or a forged answer).
 */
export function readOAuth2Redirect(
  a: TOAuth2Auth,
  attempt: OAuth2Attempt,
  search: string,
  hash: string,
): OAuth2Redirect {
  const params = new URLSearchParams(
    a.grantType === 'implicit' ? hash.replace(/^#/, '') : search.replace(/^\?/, ''),
  );
  const error = params.get('error');
  if (params.get('state') !== attempt.state) {
    return { kind: 'error', message: 'The answer’s state does not match this attempt; try again' };
  }
  if (error !== null) {
    const description = params.get('error_description');
    return {
      kind: 'error',
      message: `The server refused: ${error}${description ? ` (${description})` : ''}`,
    };
  }
  if (a.grantType === 'implicit') {
    const token = tokenDetailsFrom(Object.fromEntries(params));
    return token === null
      ? { kind: 'error', message: 'The answer has no access_token' }
      : { kind: 'token', token };
  }
  const code = params.get('code');
  return code === null || code === ''
    ? { kind: 'error', message: 'The answer has no code' }
    : { kind: 'code', code };
}

/**
 * The code-for-token request (RFC 6749 §4.1.3 + the PKCE verifier) as a saved request, which the
 * engine sends like any other (the server: {{variables}} resolved, SSRF guard, no scripts). Client credentials go as
 * HTTP Basic auth (the request's `basic` auth) or in the body, as `clientAuthentication` says.
 */
export function buildCodeExchangeRequest(
  a: TOAuth2Auth,
  o: { code: string; codeVerifier?: string | undefined; redirectUri: string },
): TRequestV1 {
  const fields: TKeyValue[] = [
    { key: 'grant_type', value: 'authorization_code', enabled: true },
    { key: 'code', value: o.code, enabled: true },
    { key: 'redirect_uri', value: o.redirectUri, enabled: true },
  ];
  if (o.codeVerifier !== undefined) {
    fields.push({ key: 'code_verifier', value: o.codeVerifier, enabled: true });
  }
  return tokenRequest(a, fields, 'Get new access token');
}

/** The refresh-token request (RFC 6749 §6) as a saved request, like `buildCodeExchangeRequest`. */
export function buildRefreshRequest(a: TOAuth2Auth, refreshToken: string): TRequestV1 {
  const fields: TKeyValue[] = [
    { key: 'grant_type', value: 'refresh_token', enabled: true },
    { key: 'refresh_token', value: refreshToken, enabled: true },
  ];
  if (a.scope) {
    fields.push({ key: 'scope', value: a.scope, enabled: true });
  }
  return tokenRequest(a, fields, 'Refresh access token');
}

function tokenRequest(a: TOAuth2Auth, fields: TKeyValue[], name: string): TRequestV1 {
  const headers: TKeyValue[] = [{ key: 'Accept', value: 'application/json', enabled: true }];
  // A public client (no secret) names itself in the body; a confidential one uses Basic unless told otherwise.
  const basic = a.clientAuthentication !== 'body' && Boolean(a.clientSecret);
  if (!basic) {
    fields.push({ key: 'client_id', value: a.clientId, enabled: true });
    if (a.clientSecret) {
      fields.push({ key: 'client_secret', value: a.clientSecret, enabled: true });
    }
  }
  return {
    v: 1,
    id: 'oauth2-token-request',
    name,
    description: '',
    method: 'POST',
    url: a.accessTokenUrl,
    headers,
    body: { mode: 'urlencoded', urlencoded: fields },
    auth: basic ? { type: 'basic', username: a.clientId, password: a.clientSecret } : { type: 'none' },
    scripts: { preRequest: '', test: '' },
    settings: {},
  };
}

/** The fields of a token response object (JSON, or a form-encoded answer parsed into one); null without a token. */
export function tokenDetailsFrom(rec: Record<string, unknown>): OAuth2TokenDetails | null {
  const accessToken = rec.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    return null;
  }
  const details: OAuth2TokenDetails = {
    accessToken,
    tokenType: typeof rec.token_type === 'string' && rec.token_type !== '' ? rec.token_type : 'Bearer',
  };
  const expiresIn = Number(rec.expires_in);
  if (Number.isFinite(expiresIn) && expiresIn > 0) {
    details.expiresIn = expiresIn;
  }
  if (typeof rec.refresh_token === 'string' && rec.refresh_token !== '') {
    details.refreshToken = rec.refresh_token;
  }
  if (typeof rec.scope === 'string') {
    details.scope = rec.scope;
  }
  if (typeof rec.id_token === 'string') {
    details.idToken = rec.id_token;
  }
  return details;
}

/** Reads a token endpoint's answer; throws with the server's RFC 6749 §5.2 error when it refused. */
export function parseTokenAnswer(status: number, body: string): OAuth2TokenDetails {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    data = Object.fromEntries(new URLSearchParams(body));
  }
  const rec = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  if (status < 200 || status >= 300 || typeof rec.error === 'string') {
    const error = typeof rec.error === 'string' ? rec.error : `HTTP ${status}`;
    const description =
      typeof rec.error_description === 'string' ? ` (${rec.error_description.slice(0, 200)})` : '';
    throw new Error(`The token request failed: ${error}${description}`);
  }
  const details = tokenDetailsFrom(rec);
  if (details === null) {
    throw new Error('The token response has no access_token');
  }
  return details;
}

/** The auth with a newly obtained token stored in it (expiry computed from `expiresIn`, `now` in ms). */
export function withObtainedToken(a: TOAuth2Auth, token: OAuth2TokenDetails, now = Date.now()): TOAuth2Auth {
  const next: TOAuth2Auth = { ...a, accessToken: token.accessToken };
  if (token.expiresIn !== undefined) {
    next.accessTokenExpiresAt = now + token.expiresIn * 1000;
  } else {
    delete next.accessTokenExpiresAt;
  }
  if (token.refreshToken !== undefined) {
    next.refreshToken = token.refreshToken;
  }
  if (token.tokenType.toLowerCase() === 'bearer') {
    next.headerPrefix = 'Bearer';
  }
  return next;
}
