/**
 * The server's built-in targets (`/echo`, `/demo/store`) as executions reach them: by name, `http://apiplay.internal`,
 * never through a loopback address. The name is not resolved: the connection goes straight to this server's own
 * listening socket (`connectTo` of core's Node transport), and only for those paths on the default port, so a
 * server that refuses loopback targets (server mode) still runs the sample collection, and no other loopback
 * service — nor this server's `/api` — becomes reachable. See docs/security.md.
 */
export const BUILTIN_HOST = 'apiplay.internal';
export const BUILTIN_ORIGIN = `http://${BUILTIN_HOST}`;

/** Paths served by the built-in targets (routes/echo, routes/demo-store). */
const BUILTIN_PATHS = [/^\/echo(\/|$)/, /^\/demo\/store(\/|$)/];

/** Where this server listens, as executions connect to it; null until known (a test listening on port 0). */
export interface BuiltinTargetsAddress {
  host: string;
  port: number;
}

export type BuiltinVerdict = { ok: true } | { ok: false; reason: string };

/** True when `hostname` is the built-in targets' name (any case, trailing dot). */
export function isBuiltinHost(hostname: string): boolean {
  const lower = hostname.toLowerCase();
  return (lower.endsWith('.') ? lower.slice(0, -1) : lower) === BUILTIN_HOST;
}

/** Check a URL on the built-in name: plain HTTP, default port, a built-in path, and a known address. */
export function checkBuiltinUrl(url: URL, address: BuiltinTargetsAddress | null): BuiltinVerdict {
  if (url.protocol !== 'http:' || (url.port !== '' && url.port !== '80')) {
    return { ok: false, reason: `${BUILTIN_HOST} is served only as ${BUILTIN_ORIGIN}` };
  }
  if (!BUILTIN_PATHS.some((p) => p.test(url.pathname))) {
    return { ok: false, reason: `${BUILTIN_HOST} serves only the built-in targets /echo and /demo/store` };
  }
  if (address === null) {
    return { ok: false, reason: `${BUILTIN_HOST} is not available until the server listens` };
  }
  return { ok: true };
}

/** The socket address a listening server is reached at from inside (a wildcard bind → loopback). */
export function builtinAddressOf(listen: { address: string; port: number }): BuiltinTargetsAddress {
  const host = listen.address === '0.0.0.0' ? '127.0.0.1' : listen.address === '::' ? '::1' : listen.address;
  return { host, port: listen.port };
}
