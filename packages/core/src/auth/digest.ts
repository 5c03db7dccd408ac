/** Hex digest function supplied by the platform (Node's crypto in `core/node`); MD5 is not in WebCrypto. */
export type DigestHash = (algorithm: 'md5' | 'sha256', text: string) => string;

/** The parameters of one `WWW-Authenticate: Digest …` challenge. */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  qop?: string;
  opaque?: string;
  algorithm: string;
}

const PARAM = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;

/**
 * Pick the Digest challenge out of one or more WWW-Authenticate values (several schemes may share a header).
 * Prefers SHA-256 when the server offers both, as RFC 7616 asks clients to.
 */
export function parseDigestChallenge(values: readonly string[]): DigestChallenge | undefined {
  const found: DigestChallenge[] = [];
  for (const value of values) {
    // Split on scheme names: "Digest a=1, b=2, Basic realm=x" → each scheme with its parameters.
    const parts = value.split(/(?:^|,)\s*(?=[A-Za-z][A-Za-z0-9_-]*\s+[A-Za-z0-9_-]+\s*=)/);
    for (const part of parts) {
      const m = /^\s*([A-Za-z][A-Za-z0-9_-]*)\s+(.*)$/s.exec(part);
      if (m?.[1]?.toLowerCase() !== 'digest') {
        continue;
      }
      const params: Record<string, string> = {};
      for (const p of (m[2] ?? '').matchAll(PARAM)) {
        const key = p[1]?.toLowerCase();
        if (key) {
          params[key] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1');
        }
      }
      if (params.nonce === undefined) {
        continue;
      }
      const challenge: DigestChallenge = {
        realm: params.realm ?? '',
        nonce: params.nonce,
        algorithm: params.algorithm ?? 'MD5',
      };
      if (params.qop !== undefined) {
        challenge.qop = params.qop;
      }
      if (params.opaque !== undefined) {
        challenge.opaque = params.opaque;
      }
      found.push(challenge);
    }
  }
  return found.find((c) => c.algorithm.toUpperCase().startsWith('SHA-256')) ?? found[0];
}

export interface DigestInput {
  username: string;
  password: string;
  method: string;
  /** Request-target: path and query. */
  uri: string;
  challenge: DigestChallenge;
  cnonce: string;
  nc?: number;
}

/** The Authorization header value answering a Digest challenge (RFC 7616; MD5/SHA-256, `-sess`, qop=auth). */
export function computeDigestAuthorization(input: DigestInput, hash: DigestHash): string {
  const { challenge: c, username, password, method, uri, cnonce } = input;
  const algo = c.algorithm.toUpperCase();
  const fn: 'md5' | 'sha256' = algo.startsWith('SHA-256') ? 'sha256' : 'md5';
  const nc = (input.nc ?? 1).toString(16).padStart(8, '0');
  let ha1 = hash(fn, `${username}:${c.realm}:${password}`);
  if (algo.endsWith('-SESS')) {
    ha1 = hash(fn, `${ha1}:${c.nonce}:${cnonce}`);
  }
  const ha2 = hash(fn, `${method}:${uri}`);
  const qops = (c.qop ?? '').split(',').map((q) => q.trim().toLowerCase());
  const qop = qops.includes('auth') ? 'auth' : undefined;
  const response = qop
    ? hash(fn, `${ha1}:${c.nonce}:${nc}:${cnonce}:${qop}:${ha2}`)
    : hash(fn, `${ha1}:${c.nonce}:${ha2}`);
  const q = (s: string): string => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const fields = [
    `username="${q(username)}"`,
    `realm="${q(c.realm)}"`,
    `nonce="${q(c.nonce)}"`,
    `uri="${q(uri)}"`,
    `algorithm=${c.algorithm}`,
  ];
  if (qop) {
    fields.push(`qop=${qop}`, `nc=${nc}`, `cnonce="${q(cnonce)}"`);
  }
  fields.push(`response="${response}"`);
  if (c.opaque !== undefined) {
    fields.push(`opaque="${q(c.opaque)}"`);
  }
  return `Digest ${fields.join(', ')}`;
}
