import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

interface HeaderSet {
  set: [string, string][];
  removed: string[];
}

/** Runs helmet once against a recording response and keeps what it set and removed. */
function record(options: HelmetOptions): HeaderSet {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.push([name, Array.isArray(value) ? value.join(', ') : String(value)]);
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) {
      throw err;
    }
  });
  return { set, removed };
}

/** What the app configures: the CSP (helmet's other headers keep their defaults). */
type CspOptions = Exclude<NonNullable<HelmetOptions['contentSecurityPolicy']>, boolean>;

/**
 * The same headers without what only makes sense over TLS: `Strict-Transport-Security` and the CSP's
 * `upgrade-insecure-requests`. Sent over plain HTTP (a LAN host, no TLS in front), the latter makes the browser
 * fetch every script and stylesheet over https, which is not there: a blank page.
 */
export function plainHttpOptions(csp: CspOptions): HelmetOptions {
  return {
    strictTransportSecurity: false,
    contentSecurityPolicy: { ...csp, directives: { ...csp.directives, upgradeInsecureRequests: null } },
  };
}

/**
 * True when the request reached us over TLS: the socket is encrypted, or — only with TRUST_PROXY, where Fastify's
 * `request.protocol` honours it — a trusted proxy says `X-Forwarded-Proto: https`.
 */
export function cameOverTls(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

/**
 * Security headers from helmet, computed once at boot. @fastify/helmet re-runs `helmet(options)` — parsing the
 * CSP directives — on every request, which cost ≈15% of a cached `GET /api/auth/me`; without nonces the headers
 * are the same for every response, so we run helmet once per transport (TLS, plain HTTP) against a recording
 * response and replay the matching result.
 */
export function registerSecurityHeaders(
  app: FastifyInstance,
  options: { contentSecurityPolicy: CspOptions },
): void {
  const tls = record({ contentSecurityPolicy: options.contentSecurityPolicy });
  const plain = record(plainHttpOptions(options.contentSecurityPolicy));
  app.addHook('onRequest', (request, reply, done) => {
    const headers = cameOverTls(request) ? tls : plain;
    for (const [name, value] of headers.set) {
      reply.header(name, value);
    }
    for (const name of headers.removed) {
      reply.removeHeader(name);
    }
    done();
  });
}
