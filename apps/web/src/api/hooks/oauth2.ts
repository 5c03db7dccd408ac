import { type OAuth2TokenDetails, parseTokenAnswer, type TRequestV1 } from '@apiplay/core';
import { useMutation } from '@tanstack/react-query';
import { executeRequest } from '../execute';

/**
 * Sends an OAuth 2 token request (code exchange or refresh, built by core) through `POST /api/execute`: the server
 * resolves its {{variables}} (secrets included), applies the SSRF guard and records it in history like any send.
 */
export function useTokenRequest() {
  return useMutation({
    mutationFn: async (input: {
      workspaceId: string;
      environmentId: string | null;
      request: TRequestV1;
    }): Promise<OAuth2TokenDetails> => {
      const { execution } = await executeRequest({
        workspaceId: input.workspaceId,
        request: input.request,
        ...(input.environmentId ? { environmentId: input.environmentId } : {}),
      });
      if (execution.response === undefined) {
        throw new Error(execution.error?.message ?? 'The token request could not be sent');
      }
      return parseTokenAnswer(execution.response.status, execution.response.body);
    },
  });
}
