import { base64Utf8, setHeader } from '../http/headers';
import type { PreparedRequest } from '../http/types';
import type { TAuth } from '../schema';
import { resolveDeep } from '../variables/resolve-template';
import type { VariableScopes } from '../variables/variable-scopes';
import { oauth2CanRenew, oauth2TokenFresh } from './oauth2';

/**
 * The auth that applies to a request: its own, or — for `inherit` — the nearest ancestor's that is not `inherit`
 * (ancestors are given root first). A collection left on `inherit` means no auth.
 */
export function effectiveAuth(own: TAuth, ancestors: ReadonlyArray<{ auth: TAuth }>): TAuth {
  if (own.type !== 'inherit') {
    return own;
  }
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i]?.auth;
    if (a && a.type !== 'inherit') {
      return a;
    }
  }
  return { type: 'none' };
}

function appendQuery(url: string, key: string, value: string): string {
  const hashAt = url.indexOf('#');
  const base = hashAt === -1 ? url : url.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : url.slice(hashAt);
  const sep = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${sep}${encodeURIComponent(key)}=${encodeURIComponent(value)}${hash}`;
}

/**
 * Apply `auth` to a prepared request in place. Header-only kinds are finished here; digest, OAuth 2 (without a
 * stored token) and AWS SigV4 are attached as `req.auth` for the transport to complete. Like Postman, auth
 * replaces an Authorization header typed by hand.
 */
export function applyAuth(
  req: PreparedRequest,
  auth: TAuth,
  scopes: VariableScopes,
  warnings: string[],
): void {
  if (auth.type === 'none' || auth.type === 'inherit') {
    return;
  }
  const resolved = resolveDeep(auth, scopes);
  for (const w of resolved.warnings) {
    if (!warnings.includes(w)) {
      warnings.push(w);
    }
  }
  const a = resolved.value;
  switch (a.type) {
    case 'basic':
      setHeader(req.headers, 'Authorization', `Basic ${base64Utf8(`${a.username}:${a.password}`)}`);
      return;
    case 'bearer':
      if (a.token !== '') {
        setHeader(req.headers, 'Authorization', `Bearer ${a.token}`);
      }
      return;
    case 'apikey':
      if (a.key === '') {
        return;
      }
      if (a.in === 'query') {
        req.url = appendQuery(req.url, a.key, a.value);
      } else {
        setHeader(req.headers, a.key, a.value);
      }
      return;
    case 'oauth2':
      // A fresh stored token is sent as is; an expired one is renewed at send time when it can be (refresh token,
      // client credentials, password), and otherwise sent anyway — the server's 401 then says what happened.
      if (a.accessToken && (oauth2TokenFresh(a) || !oauth2CanRenew(a))) {
        setHeader(req.headers, 'Authorization', `${a.headerPrefix || 'Bearer'} ${a.accessToken}`.trim());
        return;
      }
      req.auth = a;
      return;
    case 'digest':
    case 'awsv4':
      req.auth = a;
      return;
  }
}
