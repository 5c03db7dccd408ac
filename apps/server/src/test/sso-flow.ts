import { CookieJar, followProvider } from '@apiplay/core/test-support/oidc-provider';
import type { TestApp } from './test-app';

export { CookieJar, followProvider };

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
