import { Cookie, CookieJar } from 'tough-cookie';
import type { TCookie } from '../schema';

/** A cookie jar for one run: pass it as `cookieJar` to every send so cookies flow between requests. */
export function createCookieJar(): CookieJar {
  // looseMode accepts the cookies browsers accept (e.g. `=value` or unquoted oddities).
  return new CookieJar(undefined, { looseMode: true });
}

/** Report shape of the cookies a response set. */
export function parseSetCookies(values: readonly string[]): TCookie[] {
  const out: TCookie[] = [];
  for (const v of values) {
    const c = Cookie.parse(v, { loose: true });
    if (!c) {
      continue;
    }
    const cookie: TCookie = { name: c.key, value: c.value };
    if (c.domain) {
      cookie.domain = c.domain;
    }
    if (c.path) {
      cookie.path = c.path;
    }
    if (c.expires instanceof Date) {
      cookie.expires = c.expires.toISOString();
    }
    if (c.httpOnly) {
      cookie.httpOnly = true;
    }
    if (c.secure) {
      cookie.secure = true;
    }
    out.push(cookie);
  }
  return out;
}

export { CookieJar };
