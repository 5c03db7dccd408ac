import { setHeader } from '../http/headers';
import type { PreparedRequest, SendOptions } from '../http/types';
import type { TResponseResult } from '../schema';
import { computeDigestAuthorization, type DigestHash, parseDigestChallenge } from './digest';
import { getOAuth2Token, type RawSend } from './oauth2';

export interface AuthPlatform {
  hash: DigestHash;
  /** Random hex for digest cnonces. */
  randomHex: (bytes: number) => string;
}

function requestTarget(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

/**
 * Finish deferred auth around a raw send: OAuth 2 adds a cached token; digest sends once and answers the 401
 * challenge with a computed Authorization (one retry, as Postman does). Other kinds (and AWS SigV4, which the
 * raw send signs over the final bytes) pass straight through.
 */
export function sendWithAuth(
  req: PreparedRequest,
  opts: SendOptions,
  rawSend: RawSend,
  platform: AuthPlatform,
): Promise<TResponseResult> {
  const auth = req.auth;
  // Not async: most sends have no deferred auth, and an async frame around them costs microtask turns.
  if (!auth || auth.type === 'awsv4') {
    return rawSend(req, opts);
  }
  return sendWithDeferredAuth(req, auth, opts, rawSend, platform);
}

async function sendWithDeferredAuth(
  req: PreparedRequest,
  auth: Exclude<NonNullable<PreparedRequest['auth']>, { type: 'awsv4' }>,
  opts: SendOptions,
  rawSend: RawSend,
  platform: AuthPlatform,
): Promise<TResponseResult> {
  const plain: PreparedRequest = { method: req.method, url: req.url, headers: [...req.headers] };
  if (req.body) {
    plain.body = req.body;
  }
  if (auth.type === 'oauth2') {
    const token = await getOAuth2Token(auth, rawSend, opts, opts.authCache);
    setHeader(plain.headers, 'Authorization', `${auth.headerPrefix || 'Bearer'} ${token.accessToken}`.trim());
    return rawSend(plain, opts);
  }
  // Digest: the first response carries the challenge.
  const first = await rawSend(plain, opts);
  if (first.status !== 401) {
    return first;
  }
  const challenges = first.headers
    .filter((h) => h.key.toLowerCase() === 'www-authenticate')
    .map((h) => h.value);
  const challenge = parseDigestChallenge(challenges);
  if (!challenge) {
    return first;
  }
  const retry: PreparedRequest = { ...plain, headers: [...plain.headers] };
  setHeader(
    retry.headers,
    'Authorization',
    computeDigestAuthorization(
      {
        username: auth.username,
        password: auth.password,
        method: plain.method,
        uri: requestTarget(plain.url),
        challenge,
        cnonce: platform.randomHex(8),
      },
      platform.hash,
    ),
  );
  return rawSend(retry, opts);
}
