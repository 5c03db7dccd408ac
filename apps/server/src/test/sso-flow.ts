import type { TestApp } from './test-app';

/** Cookies by name for one simulated browser (the provider and the app both live on 127.0.0.1/app.test). */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  take(setCookie: string | string[] | undefined): void {
    for (const line of typeof setCookie === 'string' ? [setCookie] : (setCookie ?? [])) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair !== undefined && eq > 0) {
        const value = pair.slice(eq + 1);
        const name = pair.slice(0, eq).trim();
        if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) {
          this.cookies.delete(name);
        } else {
          this.cookies.set(name, value);
        }
      }
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Follows the provider's redirects (real HTTP, cookies kept) from an authorization URL until it sends the browser
 * back to `callbackPrefix`; returns that callback URL.
 */
export async function followProvider(start: string, jar: CookieJar, callbackPrefix: string): Promise<URL> {
  let url = start;
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(callbackPrefix)) {
      return new URL(url);
    }
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(res.headers.getSetCookie());
    const location = res.headers.get('location');
    if (location === null) {
      throw new Error(`provider stopped at ${url}: HTTP ${res.status} ${await res.text()}`);
    }
    await res.body?.cancel();
    url = new URL(location, url).toString();
  }
  throw new Error('too many redirects at the provider');
}

/** Starts "Sign in with <provider>" on the app and walks the provider; returns the callback path + the jar. */
export async function ssoToCallback(
  t: TestApp,
  provider: string,
  publicUrl: string,
  returnTo?: string,
): Promise<{ callbackPath: string; jar: CookieJar }> {
  const jar = new CookieJar();
  const start = await t.app.inject({
    method: 'GET',
    url: `/api/auth/sso/${provider}/start${returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`}`,
  });
  if (start.statusCode !== 302) {
    throw new Error(`start: ${start.statusCode} ${start.body}`);
  }
  jar.take(start.headers['set-cookie']);
  const callback = await followProvider(String(start.headers.location), jar, publicUrl);
  return { callbackPath: `${callback.pathname}${callback.search}`, jar };
}
