import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Security headers from helmet, computed once at boot. @fastify/helmet re-runs `helmet(options)` — parsing the
 * CSP directives — on every request, which cost ≈15% of a cached `GET /api/auth/me`; without nonces the headers
 * are the same for every response, so we run helmet once against a recording response and replay the result.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.push([name, Array.isArray(value) ? value.join(', ') : String(value)]);
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) {
      throw err;
    }
  });
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of set) {
      reply.header(name, value);
    }
    for (const name of removed) {
      reply.removeHeader(name);
    }
    done();
  });
}
