import type { CookieJar } from 'tough-cookie';
import type { TAuth, THeaderPair, TResponseResult, TSentRequest } from '../schema';

/** One header or form field as it will be sent (variables already resolved). */
export interface PreparedHeader {
  key: string;
  value: string;
}

/** A multipart part. File parts carry a path that the transport reads (relative to its `cwd`). */
export type PreparedPart =
  | { kind: 'text'; name: string; value: string; contentType?: string }
  | { kind: 'file'; name: string; path: string; filename?: string; contentType?: string };

/** A request body ready to send. Files are read by the transport, so prepared requests stay plain data. */
export type PreparedBody =
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'urlencoded'; fields: PreparedHeader[] }
  | { kind: 'multipart'; parts: PreparedPart[] }
  | { kind: 'file'; path: string };
export type TPreparedBodyKind = PreparedBody['kind'];

/** Auth kinds that need the transport (a token fetch, a 401 challenge, a signature over the final bytes). */
export type TDeferredAuth = Extract<TAuth, { type: 'digest' | 'oauth2' | 'awsv4' }>;

/** A request with variables, auth and body resolved: what a Transport sends. */
export interface PreparedRequest {
  method: string;
  url: string;
  headers: PreparedHeader[];
  body?: PreparedBody;
  /** Set when auth must be completed by the transport (digest, OAuth 2 token, AWS SigV4). */
  auth?: TDeferredAuth;
}

/** Per-send settings. Unset fields take the transport's defaults. */
export interface SendOptions {
  /** Whole exchange including redirects; 0 or unset = no limit (the default 0 matches Postman). */
  timeoutMs?: number;
  /** Default true. */
  followRedirects?: boolean;
  /** Default 10. */
  maxRedirects?: number;
  /** Bodies larger than this (decoded) are cut and flagged `truncated`. Default 50 MiB. */
  maxResponseBytes?: number;
  signal?: AbortSignal;
  /** Cookies persist across the run when the same jar is passed to every send. */
  cookieJar?: CookieJar;
  /**
   * Called before following each redirect hop. Throw (e.g. an AppError TARGET_FORBIDDEN) or return false to stop;
   * false becomes a TransportError REDIRECT_BLOCKED.
   */
  // unknown (not boolean | undefined) so a `(url) => void` guard fits without a wrapper; only `false` blocks.
  checkRedirect?: (url: string) => unknown;
  /** OAuth 2 tokens are fetched once per cache; pass one cache per run. */
  authCache?: TokenCache;
  /** Skip TLS verification for this send (a request's `strictSSL: false`). */
  insecure?: boolean;
  /** Receives the request as it finally went on the wire (after auth, cookies, redirects). */
  onSent?: (sent: TSentRequest) => void;
  /** Called soon after the request is written (per hop): the caller may use the wait for the response. */
  onRequestWritten?: () => void;
  /**
   * Sends with the same owner (a load-test VU) get their own kept-alive connection per origin and go one at a time,
   * as a k6 VU's do: no pool to share, so no waiting for the pool to see a connection free again. The transport's
   * `release(owner)` closes them.
   */
  connectionOwner?: object;
  /** Nobody will read the body (a load test without test scripts): it is read and sized, never decoded or kept. */
  discardBody?: boolean;
}

/** Sends prepared requests. The Node adapter lives in `core/node` (`createNodeTransport`). */
export interface Transport {
  send(req: PreparedRequest, opts?: SendOptions): Promise<TResponseResult>;
  /** Release pooled connections. */
  close?(): Promise<void>;
  /** Close the connections kept for one `SendOptions.connectionOwner` (it sends no more). */
  release?(owner: object): void;
}

/** Codes a transport failure can carry (plus Node/undici codes such as ECONNREFUSED passed through). */
export type TTransportErrorCode =
  | 'TIMEOUT'
  | 'ABORTED'
  | 'TOO_MANY_REDIRECTS'
  | 'REDIRECT_BLOCKED'
  | 'INVALID_URL'
  | 'FILE_NOT_FOUND'
  | 'AUTH_FAILED'
  | 'DECOMPRESSION_FAILED'
  | 'NETWORK_ERROR'
  | (string & {});

/** A request that got no usable response. Runners report `{ code, message }` as the execution's error. */
export class TransportError extends Error {
  readonly code: TTransportErrorCode;

  constructor(code: TTransportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
    this.code = code;
  }
}

export type { THeaderPair };

/** An access token and when it stops being usable (epoch ms; undefined = no expiry given). */
export interface CachedToken {
  accessToken: string;
  tokenType: string;
  expiresAt?: number;
}

/**
 * Where a send finds the OAuth 2 tokens of its run (auth/ fetches them; `AuthCache` is the implementation). Declared
 * here, beside SendOptions that carries it, so http/ does not depend on auth/.
 */
export interface TokenCache {
  /** Token requests actually sent (for reports and tests). */
  fetches: number;
  get(key: string): Promise<CachedToken> | undefined;
  set(key: string, token: Promise<CachedToken>): void;
  delete(key: string): void;
  clear(): void;
}
