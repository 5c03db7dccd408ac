import type { TCreateApiKeyRequest } from '@apiplay/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createApiKey, listApiKeys, revokeApiKey } from '../api-keys';
import { qk } from '../query-keys';

export function useApiKeys() {
  return useQuery({ queryKey: qk.apiKeys, queryFn: async () => (await listApiKeys()).items });
}

export function useApiKeyMutations() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: qk.apiKeys });
  return {
    create: useMutation({ mutationFn: (body: TCreateApiKeyRequest) => createApiKey(body), onSuccess: done }),
    revoke: useMutation({ mutationFn: (id: string) => revokeApiKey(id), onSuccess: done }),
  };
}
