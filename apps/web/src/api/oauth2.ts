import type { OAuth2TokenDetails, TOAuth2TokenRequest } from '@apiplay/core';
import { api } from './instance';

/** `POST /api/oauth2/token`: the server exchanges the code (or refresh token) for tokens. */
export const requestOAuth2Token = (body: TOAuth2TokenRequest) =>
  api.post<OAuth2TokenDetails>('/api/oauth2/token', body);
