import { type TApiKey, type TApiKeyScope, ZApiKeyScope } from '@apiplay/core';
import type { ApiKeyRow } from '../services/api-keys/create-api-key';

export function presentApiKey(k: ApiKeyRow): TApiKey {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    expiresAt: k.expiresAt?.toISOString() ?? null,
    scopes: k.scopes.filter((s): s is TApiKeyScope => ZApiKeyScope.safeParse(s).success),
    workspaceId: k.workspaceId,
  };
}
