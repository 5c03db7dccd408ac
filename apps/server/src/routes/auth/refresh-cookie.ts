import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { REFRESH_TOKEN_TTL_MS } from '../../services/auth/issue-tokens';

/** The browser's refresh token: HttpOnly, so no script on the page — injected or not — can read it. */
export const REFRESH_COOKIE = 'apiplay_refresh';
/** Sent only to the auth routes (refresh, logout), never to the rest of the API. */
export const REFRESH_COOKIE_PATH = '/api/auth';
/**
 * Browser clients send `X-Refresh-Cookie: 1`: sign-in, sign-up and password change then set the refresh token as
 * the cookie instead of returning it, and refresh/logout read it from the cookie. A custom header cannot be sent
 * cross-site without a CORS preflight, which (with `SameSite=Strict`) keeps the cookie refresh out of CSRF reach.
 * Clients without the header (CLI, API) keep the JSON body flow.
 */
export const COOKIE_MODE_HEADER = 'x-refresh-cookie';

export function wantsCookie(request: FastifyRequest): boolean {
  return request.headers[COOKIE_MODE_HEADER] === '1';
}

/** The refresh token from the cookie, in cookie mode only. */
export function refreshTokenFromCookie(request: FastifyRequest): string | undefined {
  if (!wantsCookie(request)) {
    return undefined;
  }
  const token = request.cookies[REFRESH_COOKIE];
  return token === undefined || token === '' ? undefined : token;
}

function cookieOptions(request: FastifyRequest): CookieSerializeOptions {
  return {
    path: REFRESH_COOKIE_PATH,
    httpOnly: true,
    sameSite: 'strict',
    // Secure whenever the app is reached over TLS (directly or, with TRUST_PROXY, behind a TLS proxy).
    secure: request.protocol === 'https',
  };
}

/** Sets the refresh cookie directly (the single sign-on callback, which answers with a redirect, not JSON). */
export function setRefreshCookie(request: FastifyRequest, reply: FastifyReply, refreshToken: string): void {
  reply.setCookie(REFRESH_COOKIE, refreshToken, {
    ...cookieOptions(request),
    maxAge: Math.floor(REFRESH_TOKEN_TTL_MS / 1000),
  });
}

export function clearRefreshCookie(request: FastifyRequest, reply: FastifyReply): void {
  if (request.cookies[REFRESH_COOKIE] !== undefined) {
    reply.clearCookie(REFRESH_COOKIE, cookieOptions(request));
  }
}

/**
 * Hands a token pair over the way the client asked: in cookie mode the refresh token goes into the cookie and
 * is left out of the body; otherwise the body carries it, as before.
 */
export function deliverTokens<T extends { refreshToken: string }>(
  request: FastifyRequest,
  reply: FastifyReply,
  pair: T,
): T | Omit<T, 'refreshToken'> {
  if (!wantsCookie(request)) {
    return pair;
  }
  setRefreshCookie(request, reply, pair.refreshToken);
  const { refreshToken: _inCookie, ...rest } = pair;
  return rest;
}
