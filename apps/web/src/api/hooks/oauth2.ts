import type { TOAuth2TokenRequest } from '@apiplay/core';
import { useMutation } from '@tanstack/react-query';
import { requestOAuth2Token } from '../oauth2';

/**
 * The code exchange or refresh of "Get new access token", sent by the server (`POST /api/oauth2/token`): it
 * resolves the auth's {{variables}} (secrets included) and applies the SSRF guard; no history row keeps the tokens.
 */
export function useTokenRequest() {
  return useMutation({ mutationFn: (input: TOAuth2TokenRequest) => requestOAuth2Token(input) });
}
