import { base64Utf8 } from '../http/headers';
import type { CachedToken, PreparedHeader, PreparedRequest, SendOptions, TokenCache } from '../http/types';
import { TransportError } from '../http/types';
import type { TAuth, TResponseResult } from '../schema';

export type TOAuth2Auth = Extract<TAuth, { type: 'oauth2' }>;
export type RawSend = (req: PreparedRequest, opts: SendOptions) => Promise<TResponseResult>;

// Refresh a little early so a token does not expire between the check and the request.
const EXPIRY_SKEW_MS = 5_000;

/** Cache key: the same token serves every request with the same endpoint, client, scope and grant. */
export function oauth2CacheKey(a: TOAuth2Auth): string {
  return [a.accessTokenUrl, a.clientId, a.scope ?? '', a.grantType, a.username ?? ''].join('\n');
}

/** Client credentials and password grants fetch a token on their own; the interactive ones only by refreshing. */
function grantsOnItsOwn(a: TOAuth2Auth): boolean {
  return a.grantType === 'client_credentials' || a.grantType === 'password';
}

/** The stored access token is there and not about to expire (no expiry known = still good). */
export function oauth2TokenFresh(a: TOAuth2Auth, now = Date.now()): boolean {
  return (
    Boolean(a.accessToken) &&
    (a.accessTokenExpiresAt === undefined || a.accessTokenExpiresAt - EXPIRY_SKEW_MS > now)
  );
}

/** A new token can be had without a person: by its own grant, or with a stored refresh token. */
export function oauth2CanRenew(a: TOAuth2Auth): boolean {
  return grantsOnItsOwn(a) || Boolean(a.refreshToken);
}

/**
 * The token request of a client-credentials or password grant (RFC 6749 §4.3, §4.4), or — for the interactive
 * grants (authorization code, implicit) and `refresh_token` — the refresh with the stored refresh token (§6).
 */
export function buildTokenRequest(a: TOAuth2Auth): PreparedRequest {
  const refresh = !grantsOnItsOwn(a) && Boolean(a.refreshToken);
  if (!grantsOnItsOwn(a) && !refresh) {
    throw new TransportError(
      'AUTH_FAILED',
      `OAuth 2 grant "${a.grantType}" needs a token obtained in the app (Get new access token) or a refresh token`,
    );
  }
  const fields: PreparedHeader[] = [{ key: 'grant_type', value: refresh ? 'refresh_token' : a.grantType }];
  if (refresh) {
    fields.push({ key: 'refresh_token', value: a.refreshToken ?? '' });
  }
  if (a.grantType === 'password') {
    fields.push({ key: 'username', value: a.username ?? '' }, { key: 'password', value: a.password ?? '' });
  }
  if (a.scope) {
    fields.push({ key: 'scope', value: a.scope });
  }
  const headers = [
    { key: 'Content-Type', value: 'application/x-www-form-urlencoded' },
    { key: 'Accept', value: 'application/json' },
  ];
  if (a.clientAuthentication === 'body') {
    fields.push({ key: 'client_id', value: a.clientId });
    if (a.clientSecret) {
      fields.push({ key: 'client_secret', value: a.clientSecret });
    }
  } else {
    headers.push({ key: 'Authorization', value: `Basic ${base64Utf8(`${a.clientId}:${a.clientSecret}`)}` });
  }
  return { method: 'POST', url: a.accessTokenUrl, headers, body: { kind: 'urlencoded', fields } };
}

function parseTokenResponse(res: TResponseResult): CachedToken {
  if (res.status < 200 || res.status >= 300) {
    // RFC 6749 §5.2 error bodies name the problem; pass it on (it holds no secret).
    const detail = /"error(?:_description)?"\s*:\s*"([^"]{1,200})"/.exec(res.body)?.[1];
    throw new TransportError(
      'AUTH_FAILED',
      `OAuth 2 token request failed with HTTP ${res.status}${detail ? `: ${detail}` : ''}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(res.body);
  } catch {
    // Some old servers answer form-encoded.
    data = Object.fromEntries(new URLSearchParams(res.body));
  }
  if (typeof data !== 'object' || data === null) {
    throw new TransportError('AUTH_FAILED', 'OAuth 2 token response is not an object');
  }
  const rec = data as Record<string, unknown>;
  const accessToken = rec.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new TransportError('AUTH_FAILED', 'OAuth 2 token response has no access_token');
  }
  const token: CachedToken = {
    accessToken,
    tokenType: typeof rec.token_type === 'string' ? rec.token_type : 'Bearer',
  };
  const expiresIn = Number(rec.expires_in);
  if (Number.isFinite(expiresIn) && expiresIn > 0) {
    token.expiresAt = Date.now() + expiresIn * 1000;
  }
  return token;
}

/**
 * An access token for `a`: from the run's cache when still valid, otherwise fetched once through `send`
 * (concurrent callers share the same fetch). Failed fetches are not cached.
 */
export async function getOAuth2Token(
  a: TOAuth2Auth,
  send: RawSend,
  opts: SendOptions,
  cache: TokenCache | undefined,
): Promise<CachedToken> {
  const key = oauth2CacheKey(a);
  const hit = cache?.get(key);
  if (hit) {
    const token = await hit;
    if (token.expiresAt === undefined || token.expiresAt - EXPIRY_SKEW_MS > Date.now()) {
      return token;
    }
    cache?.delete(key);
  }
  const tokenOpts: SendOptions = { ...opts, followRedirects: true };
  delete tokenOpts.onSent;
  const pending = (async () => {
    if (cache) {
      cache.fetches += 1;
    }
    return parseTokenResponse(await send(buildTokenRequest(a), tokenOpts));
  })();
  cache?.set(key, pending);
  try {
    return await pending;
  } catch (err) {
    cache?.delete(key);
    throw err;
  }
}
