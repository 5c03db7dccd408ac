import type { TRequest, TUpdateItemRequest } from '@apiplay/core';

/** A draft's saved fields, as an item create/update takes them (no format tag, no id). */
export function requestFields(request: TRequest): TUpdateItemRequest {
  const { name, description, method, url, headers, body, auth, scripts, settings } = request;
  return { name, description, method, url, headers, body, auth, scripts, settings };
}
