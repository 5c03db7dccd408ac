import { Cookie, type CookieJar } from 'tough-cookie';
import { jarMayHaveCookies } from '../http/cookie-jar';
import type { TCookie } from '../schema';
import type { ScriptCookieJar } from '../scripts/types';

/** A tough-cookie cookie in the report's shape. */
export function toReportCookie(c: Cookie): TCookie {
  const out: TCookie = { name: c.key, value: c.value };
  if (c.domain) {
    out.domain = c.domain;
  }
  if (c.path) {
    out.path = c.path;
  }
  if (c.expires instanceof Date) {
    out.expires = c.expires.toISOString();
  }
  if (c.httpOnly) {
    out.httpOnly = true;
  }
  if (c.secure) {
    out.secure = true;
  }
  return out;
}

/** What a script passed to `jar.set`: a `Set-Cookie` value, or name/value and attributes (checked here). */
function toToughCookie(input: string | TCookie): Cookie | string {
  if (typeof input === 'string') {
    return input;
  }
  const expires = typeof input.expires === 'string' ? new Date(input.expires) : undefined;
  return new Cookie({
    key: String(input.name),
    value: String(input.value),
    ...(typeof input.domain === 'string' ? { domain: input.domain } : {}),
    ...(typeof input.path === 'string' ? { path: input.path } : {}),
    ...(expires && !Number.isNaN(expires.getTime()) ? { expires } : {}),
    httpOnly: input.httpOnly === true,
    secure: input.secure === true,
  });
}

/**
 * The run's jar as `pm.cookies.jar()` sees it (newman's PostmanCookieJar over tough-cookie): a cookie set here is
 * sent by the next request to a matching URL, and removed ones are not. Calls run one after another, in the order
 * the script made them, so their callbacks come in that order too (as in newman).
 */
export function scriptCookieJar(jar: CookieJar): ScriptCookieJar {
  let queue: Promise<unknown> = Promise.resolve();
  const inOrder = <T>(op: () => Promise<T>): Promise<T> => {
    const next = queue.then(op);
    queue = next.catch(() => undefined);
    return next;
  };
  const matching = async (url: string): Promise<Cookie[]> =>
    jarMayHaveCookies(jar) ? jar.getCookies(url) : [];
  const remove = async (cookies: readonly Cookie[]): Promise<void> => {
    for (const c of cookies) {
      await jar.store.removeCookie(c.domain, c.path, c.key);
    }
  };
  return {
    getAll: (url) => inOrder(async () => (await matching(url)).map(toReportCookie)),
    set: (url, cookie) =>
      inOrder(async () => {
        const stored = await jar.setCookie(toToughCookie(cookie), url, { loose: true });
        return stored ? toReportCookie(stored) : undefined;
      }),
    unset: (url, name) =>
      inOrder(async () => remove((await matching(url)).filter((c) => c.key === name).slice(0, 1))),
    clear: (url) => inOrder(async () => remove(await matching(url))),
  };
}
