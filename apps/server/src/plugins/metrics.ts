import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '@apiplay/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/env';
import type { AppMetrics } from '../infra/telemetry/app-metrics';

/**
 * Who may read `/metrics`: everyone (embedded mode without METRICS_TOKEN: a laptop, bound to loopback by default),
 * holders of the METRICS_TOKEN bearer, or nobody (server mode without a token: 404, and a warning at boot —
 * the endpoint would otherwise publish route names, traffic and process details to the network).
 */
export type MetricsAccess = { kind: 'open' } | { kind: 'token'; token: string } | { kind: 'off' };

export function metricsAccess(config: Pick<AppConfig, 'embedded' | 'metricsToken'>): MetricsAccess {
  if (config.metricsToken !== undefined) {
    return { kind: 'token', token: config.metricsToken };
  }
  return config.embedded ? { kind: 'open' } : { kind: 'off' };
}

const digest = (v: string) => createHash('sha256').update(v).digest();

/** Constant-time check of `Authorization: Bearer <token>`. */
function hasToken(request: FastifyRequest, expected: Buffer): boolean {
  const header = request.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  return m?.[1] !== undefined && timingSafeEqual(digest(m[1]), expected);
}

/**
 * `/metrics`: the app's registry (`infra/telemetry/app-metrics.ts`, built by context.ts: process, HTTP,
 * executions, runs, jobs, /ws, history writer, script pool), plus the HTTP timing hook
 * (`http_request_duration_seconds{method,route,status}`, where `route` is the route pattern, never the raw URL).
 */
export function registerMetrics(
  app: FastifyInstance,
  metrics: AppMetrics,
  access: MetricsAccess = { kind: 'open' },
) {
  const { registry, httpDuration: duration } = metrics;
  const expected = digest(access.kind === 'token' ? access.token : '');
  if (access.kind === 'off') {
    app.log.warn(
      '/metrics is off in server mode without METRICS_TOKEN (set it and scrape with that bearer token)',
    );
  }
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') {
      return;
    }
    duration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.get(
    '/metrics',
    { schema: { hide: true }, config: { access: { kind: 'public' } } },
    async (request, reply) => {
      if (access.kind === 'off') {
        throw new AppError('NOT_FOUND', 'Not found');
      }
      if (access.kind === 'token' && !hasToken(request, expected)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new AppError('UNAUTHORIZED', 'Authentication required');
      }
      reply.header('content-type', registry.contentType);
      return registry.metrics();
    },
  );
}
