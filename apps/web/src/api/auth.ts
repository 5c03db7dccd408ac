import type {
  TAuthResponse,
  TLoginRequest,
  TPasswordResetConfirm,
  TRegisterRequest,
  TSignInOptions,
  TUser,
} from '@apiplay/core';
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

/** `GET /api/auth/options`: password sign-in on/off and the single sign-on buttons. */
export const getSignInOptions = () =>
  api.get<TSignInOptions>('/api/auth/options', { anonymous: true, silent: true });

/** `POST /api/auth/password-reset`: the same answer whatever the address. */
export const requestPasswordReset = (email: string) =>
  api.post<{ message: string }>('/api/auth/password-reset', { email }, { anonymous: true, silent: true });

/** `POST /api/auth/password-reset/confirm`: sets the password and ends every session of the account. */
export const confirmPasswordReset = (body: TPasswordResetConfirm) =>
  api.post<void>('/api/auth/password-reset/confirm', body, { anonymous: true, silent: true });

/** `POST /api/auth/verify-email` with the emailed token. */
export const verifyEmail = (token: string) =>
  api.post<void>('/api/auth/verify-email', { token }, { anonymous: true, silent: true });

/** `POST /api/auth/verify-email/send`: emails me a verification link. */
export const sendEmailVerification = () => api.post<{ sent: boolean }>('/api/auth/verify-email/send', {});
