import type { TRequest } from '@apiplay/core';
import { useQuery } from '@tanstack/react-query';
import { generateCode, listCodegenTargets } from '../codegen';
import { qk } from '../query-keys';

export function useCodegenTargets() {
  return useQuery({
    queryKey: qk.codegenTargets,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () => (await listCodegenTargets()).targets,
  });
}

/** The snippet for `request` in `target` (placeholders kept: no variables are sent to the server here). */
export function useGeneratedCode(request: TRequest, target: string) {
  return useQuery({
    queryKey: ['codegen', target, JSON.stringify(request)],
    queryFn: async () => {
      const { method, url, headers, body, auth } = request;
      return (await generateCode({ request: { method, url, headers, body, auth }, target })).code;
    },
    enabled: target !== '',
    staleTime: 60_000,
  });
}
