import { MIN_SECRET_LENGTH } from './mask-secrets';
import { stringifyValue, type VariableScopes } from './variable-scopes';

/** What `findSecretHostViolation` inspects: a prepared request, as a Transport receives it. */
export interface SecretHostTarget {
  url: string;
  headers: readonly { key: string; value: string }[];
  body?: unknown;
  auth?: unknown;
}

/** Whether `host` (lower-case hostname, `port` may be '') matches one allow-list entry. */
function hostAllowed(entry: string, host: string, port: string): boolean {
  let pattern = entry.trim().toLowerCase();
  let wantPort: string | undefined;
  const colon = pattern.lastIndexOf(':');
  if (colon > 0 && !pattern.endsWith(']') && /^\d+$/.test(pattern.slice(colon + 1))) {
    wantPort = pattern.slice(colon + 1);
    pattern = pattern.slice(0, colon);
  }
  if (wantPort !== undefined && wantPort !== port) {
    return false;
  }
  if (pattern.startsWith('*.')) {
    return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  }
  return host === pattern;
}

function collectStrings(value: unknown, out: string[], depth = 0): void {
  if (depth > 20) {
    return;
  }
  if (typeof value === 'string') {
    out.push(value);
    return;
  }
  if (value instanceof Uint8Array) {
    out.push(new TextDecoder().decode(value));
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) {
      collectStrings(v, out, depth + 1);
    }
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) {
      collectStrings(v, out, depth + 1);
    }
  }
}

/**
 * The first secret variable with a host allow-list whose value the request would carry (URL, headers, body, auth)
 * to a host outside that list, as a message naming the variable and the host; undefined when the request may go.
 * Secrets without an allow-list go anywhere; values shorter than `MIN_SECRET_LENGTH` are not looked for.
 */
export function findSecretHostViolation(req: SecretHostTarget, scopes: VariableScopes): string | undefined {
  if (!scopes.hasHostRules) {
    return undefined;
  }
  const guarded = scopes
    .secretEntries()
    .filter((s) => s.allowedHosts !== undefined && s.value !== undefined && s.value !== null);
  if (guarded.length === 0) {
    return undefined;
  }
  let host: string;
  let port: string;
  try {
    const url = new URL(req.url);
    host = url.hostname.toLowerCase();
    port = url.port;
  } catch {
    host = req.url.toLowerCase();
    port = '';
  }
  const texts: string[] = [req.url];
  for (const h of req.headers) {
    texts.push(h.key, h.value);
    // Basic auth carries the secret base64-encoded inside `user:password`.
    const basic = /^basic\s+([A-Za-z0-9+/=]+)$/i.exec(h.value);
    if (basic?.[1]) {
      try {
        texts.push(new TextDecoder().decode(Uint8Array.from(atob(basic[1]), (c) => c.charCodeAt(0))));
      } catch {
        // Not base64: the raw value was checked above.
      }
    }
  }
  collectStrings(req.body, texts);
  collectStrings(req.auth, texts);
  for (const secret of guarded) {
    const value = stringifyValue(secret.value);
    if (value.length < MIN_SECRET_LENGTH) {
      continue;
    }
    const forms = [value, encodeURIComponent(value)];
    if (!texts.some((t) => forms.some((f) => t.includes(f)))) {
      continue;
    }
    if (!(secret.allowedHosts ?? []).some((entry) => hostAllowed(entry, host, port))) {
      return `Secret variable "${secret.key}" may not be sent to ${host}${port ? `:${port}` : ''} (allowed hosts: ${(secret.allowedHosts ?? []).join(', ') || 'none'})`;
    }
  }
  return undefined;
}

/**
 * A `SendOptions.checkRedirect` hook that refuses a redirect hop that would carry a secret outside its allowed
 * hosts (custom headers and a 307/308 body follow a redirect; `Authorization` and `Cookie` are dropped across
 * origins by the transport). Undefined when no secret in scope has an allow-list (nothing to check).
 */
export function secretRedirectGuard(
  req: SecretHostTarget,
  scopes: VariableScopes,
): ((url: string) => void) | undefined {
  if (!scopes.hasHostRules) {
    return undefined;
  }
  let origin = '';
  try {
    origin = new URL(req.url).origin;
  } catch {
    // Unparsable: every hop counts as another origin.
  }
  return (next) => {
    let sameOrigin = false;
    try {
      sameOrigin = new URL(next).origin === origin;
    } catch {
      // Unparsable: treated as another origin.
    }
    const headers = sameOrigin
      ? req.headers
      : req.headers.filter((h) => !/^(authorization|cookie)$/i.test(h.key));
    const refused = findSecretHostViolation({ ...req, url: next, headers }, scopes);
    if (refused !== undefined) {
      throw Object.assign(new Error(refused), { code: 'SECRET_HOST_FORBIDDEN' });
    }
  };
}
