import type { TApiKeyList, TCreateApiKeyRequest, TCreateApiKeyResponse } from '@apiplay/core';
import { api } from './instance';

/** `GET /api/api-keys`: the caller's keys, without their secrets. */
export const listApiKeys = () => api.get<TApiKeyList>('/api/api-keys');

/** `POST /api/api-keys`: the reply's `key` is shown only this once. */
export const createApiKey = (body: TCreateApiKeyRequest) =>
  api.post<TCreateApiKeyResponse>('/api/api-keys', body);

/** `DELETE /api/api-keys/:id`. */
export const revokeApiKey = (id: string) => api.del<void>(`/api/api-keys/${encodeURIComponent(id)}`);
