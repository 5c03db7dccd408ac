import { type CookieJar, MemoryCookieStore } from 'tough-cookie';

/**
 * False only when the jar is tough-cookie's in-memory store and holds no cookie. Asking an empty jar for the cookies
 * of a URL still parses the URL, canonicalizes the domain and walks the store: ~0.1 ms per request that most runs
 * (no Set-Cookie ever) can skip. Any other store is assumed to hold cookies.
 */
export function jarMayHaveCookies(jar: CookieJar): boolean {
  const store = jar.store;
  return !(store instanceof MemoryCookieStore) || Object.keys(store.idx).length > 0;
}
