import { ZErrorResponse } from '@apiplay/core';
import type { RouteOptions } from 'fastify';

/**
 * The one place error responses are documented. Every error body is `{ error: { code, message, details? } }`
 * (plugins/errors.ts). `documentErrors` (buildApp's onRoute hook) adds what a route's access rule and inputs make
 * possible; a route lists only the others (409, 413, 429, or a 404 outside workspace routes) with `errorResponses`.
 */
const descriptions: Record<number, string> = {
  400: 'Invalid request',
  401: 'Not authenticated',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Body too large',
  429: 'Too many requests',
};

/** OpenAPI error responses for a route: `errorResponses(400, 401, 404)`. All share the error body schema. */
export function errorResponses<S extends number>(...statuses: S[]): Record<S, typeof ZErrorResponse> {
  const out = {} as Record<S, typeof ZErrorResponse>;
  for (const s of statuses) {
    out[s] = ZErrorResponse.describe(descriptions[s] ?? 'Error');
  }
  return out;
}

/**
 * Every documented /api route lists the error responses its access rule and inputs make possible (400 for
 * inputs, 401 for authenticated routes, 403/404 for workspace routes), unless the route already lists them.
 */
export function documentErrors(route: RouteOptions): void {
  const schema = route.schema;
  if (schema === undefined || schema.hide === true || !route.url.startsWith('/api/')) {
    return;
  }
  const access = route.config?.access;
  const statuses: number[] = [];
  if (schema.body !== undefined || schema.params !== undefined || schema.querystring !== undefined) {
    statuses.push(400);
  }
  if (access?.kind !== 'public') {
    // 403: an API key without the route's scope, or restricted to a workspace; admin routes: not an admin.
    statuses.push(401, 403);
  }
  if (access?.kind === 'workspace') {
    statuses.push(404);
  }
  const response: Record<string, unknown> = { ...(schema.response as Record<string, unknown> | undefined) };
  for (const status of statuses) {
    response[status] ??= ZErrorResponse;
  }
  schema.response = response;
}
