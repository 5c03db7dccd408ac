import type { TAuthResponse, TLoginRequest, TRegisterRequest, TUser } from '@apiplay/core';
import { api } from './instance';

// Session routes: the refresh token travels as the HttpOnly cookie (`refreshCookie`), never through this code.
const session = { anonymous: true, silent: true, refreshCookie: true } as const;

/** `POST /api/auth/login`. The reply's `refreshToken` is absent in cookie mode. */
export const login = (body: TLoginRequest) => api.post<TAuthResponse>('/api/auth/login', body, session);

/** `POST /api/auth/register`. */
export const register = (body: TRegisterRequest) =>
  api.post<TAuthResponse>('/api/auth/register', body, session);

/** `POST /api/auth/logout`: the server revokes the cookie's refresh family and clears the cookie. */
export const logout = () => api.post<void>('/api/auth/logout', {}, { refreshCookie: true });

/** `GET /api/auth/me`. */
export const getMe = () => api.get<TUser>('/api/auth/me', { silent: true });

/** Exchange the refresh cookie for a new access token (shared in-flight refresh). */
export const refreshSession = () => api.refresh();
