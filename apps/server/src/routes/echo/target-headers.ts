import { AppError } from '@apiplay/core';
import type { FastifyInstance } from 'fastify';

/**
 * The built-in targets (`/echo`, `/demo/store`) answer on the app's own origin, so a crafted link to them must
 * never make a browser treat their answer as a page of the app: every answer is a sandboxed document (no script,
 * no same-origin access, so no token can be read) whose type is never sniffed.
 */
export function registerTargetHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', 'sandbox');
    reply.header('x-content-type-options', 'nosniff');
  });
}

/**
 * Content types `/echo/response-headers` may set: data formats a browser never renders as a document with script.
 * One value only (a list's last entry would win in some browsers), with at most a `charset` parameter.
 */
export const SAFE_CONTENT_TYPES = new Set([
  'application/json',
  'application/problem+json',
  'application/octet-stream',
  'text/plain',
  'text/csv',
]);

/**
 * Other headers `/echo/response-headers` may set: caching and auth-challenge headers that do not change how the
 * browser treats the page, plus any `x-*` header except the few browsers act on. Everything else — `set-cookie`,
 * `location`, `refresh`, `content-security-policy`, `link`, `content-disposition`, CORS headers… — is refused.
 */
const SAFE_HEADERS = new Set([
  'cache-control',
  'etag',
  'last-modified',
  'expires',
  'vary',
  'age',
  'pragma',
  'content-language',
  'retry-after',
  'www-authenticate',
]);
const UNSAFE_X_HEADERS = new Set([
  'x-content-type-options',
  'x-frame-options',
  'x-xss-protection',
  'x-dns-prefetch-control',
  'x-permitted-cross-domain-policies',
  'x-download-options',
]);

const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
// Visible ASCII and tabs only: a CR/LF/NUL would split the header (Node refuses it with a 500 otherwise).
const VALUE = /^[\t\x20-\x7e]*$/;

function refuse(name: string, why: string): AppError {
  return new AppError('BAD_REQUEST', `query.${name}: ${why}`, {
    issues: [{ field: `query.${name}`, message: why }],
  });
}

/** Checks one requested response header; throws a 400 naming it when it is not in the safe set. */
export function checkResponseHeader(rawName: string, values: readonly string[]): void {
  const name = rawName.toLowerCase();
  if (!TOKEN.test(name)) {
    throw refuse(rawName, 'not a valid header name');
  }
  for (const value of values) {
    if (!VALUE.test(value) || value.length > 4096) {
      throw refuse(rawName, 'header values must be printable ASCII, at most 4096 characters');
    }
  }
  if (name === 'content-type') {
    const mime = values[0]?.split(';')[0]?.trim().toLowerCase() ?? '';
    const params = values[0]?.split(';').slice(1) ?? [];
    const paramsOk = params.every((p) => /^\s*charset=[a-z0-9._-]+\s*$/i.test(p));
    if (values.length !== 1 || !SAFE_CONTENT_TYPES.has(mime) || !paramsOk) {
      throw refuse(rawName, `one of ${[...SAFE_CONTENT_TYPES].join(', ')} (optionally with a charset)`);
    }
    return;
  }
  if (SAFE_HEADERS.has(name) || (name.startsWith('x-') && !UNSAFE_X_HEADERS.has(name))) {
    return;
  }
  throw refuse(rawName, 'this header cannot be set by the echo (see the documented safe set)');
}
