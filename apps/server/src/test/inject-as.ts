import type { TestUser } from './factories';
import type { TestApp } from './test-app';

/** HTTP methods the route suites call. */
export type TestMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Calls a route as `user` (their bearer token), with an optional JSON payload. */
export function injectAs(t: TestApp, user: TestUser, method: TestMethod, url: string, payload?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: user.headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}
