import type { FastifyInstance } from 'fastify';
import { assertSafeInput } from '../lib/storable-text';

/**
 * Checks every /api request's path params, query and parsed body before schema validation (and after the
 * access hook, so anonymous callers still get 401 and a multipart execute's `payload` has been read). Other
 * routes (the built-in echo and demo targets, which store nothing) only get the depth limit on a parsed body.
 */
export function registerInputChecks(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    // The route's pattern, not the raw URL (which a client may spell differently).
    if (!(request.routeOptions.url ?? '').startsWith('/api/')) {
      assertSafeInput(request.body, 'body', { text: false });
      return;
    }
    assertSafeInput(request.params, 'params');
    assertSafeInput(request.query, 'querystring');
    assertSafeInput(request.body, 'body');
  });
}
