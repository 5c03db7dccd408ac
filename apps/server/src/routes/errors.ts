import { ZErrorResponse } from '@apiplay/core';

/** OpenAPI error responses for a route: `errorResponses(400, 401, 404)`. All share the error body schema. */
export function errorResponses<S extends number>(...statuses: S[]): Record<S, typeof ZErrorResponse> {
  const out = {} as Record<S, typeof ZErrorResponse>;
  for (const s of statuses) {
    out[s] = ZErrorResponse.describe(
      (
        {
          400: 'Invalid request',
          401: 'Not authenticated',
          403: 'Not allowed',
          404: 'Not found',
          409: 'Conflict',
          413: 'Body too large',
          429: 'Too many requests',
        } as Record<number, string>
      )[s] ?? 'Error',
    );
  }
  return out;
}
