import {
  AppError,
  ZAuthResponse,
  ZChangePasswordRequest,
  ZLoginRequest,
  ZLogoutRequest,
  ZRefreshRequest,
  ZRegisterRequest,
  ZTokenPair,
  ZUpdateMeRequest,
  ZUser,
} from '@apiplay/core';
import cookie from '@fastify/cookie';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf } from '../../plugins/auth';
import { presentUser } from '../../presenters/users';
import { changePassword } from '../../services/auth/change-password';
import { getUser } from '../../services/auth/get-user';
import { login } from '../../services/auth/login';
import { logout } from '../../services/auth/logout';
import { refreshSession } from '../../services/auth/refresh-session';
import { registerUser } from '../../services/auth/register-user';
import { updateMe } from '../../services/auth/update-me';
import { errorResponses } from '../errors';
import { emailLinkRoutes } from './email-links';
import { clearRefreshCookie, deliverTokens, refreshTokenFromCookie } from './refresh-cookie';
import { ssoRoutes } from './sso';

const tags = ['auth'];
const pub = { access: { kind: 'public' as const } };
const user = { access: { kind: 'user' as const } };

/**
 * Accounts and sessions: register, login, refresh, logout, profile, password. Browser clients keep the refresh
 * token in an HttpOnly cookie (`X-Refresh-Cookie: 1`, see refresh-cookie.ts); others get it in the body.
 */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  // Cookies are read only here (the refresh cookie is scoped to /api/auth).
  await app.register(cookie);
  await app.register(ssoRoutes);
  await app.register(emailLinkRoutes);
  app.post(
    '/api/auth/register',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Create an account (and its personal workspace) and sign in',
        body: ZRegisterRequest,
        response: { 201: ZAuthResponse, ...errorResponses(400, 409, 429) },
      },
    },
    async (req, reply) => {
      const res = await registerUser({
        ctx,
        input: req.body,
        ip: req.ip,
        userAgent: req.headers['user-agent'],
      });
      return reply.status(201).send(deliverTokens(req, reply, res));
    },
  );
  app.post(
    '/api/auth/login',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Sign in with email and password',
        body: ZLoginRequest,
        response: { 200: ZAuthResponse, ...errorResponses(400, 401, 429) },
      },
    },
    async (req, reply) =>
      deliverTokens(
        req,
        reply,
        await login({ ctx, input: req.body, ip: req.ip, userAgent: req.headers['user-agent'] }),
      ),
  );
  app.post(
    '/api/auth/refresh',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Rotate a refresh token for a new token pair (re-use revokes the family)',
        description:
          'Non-browser clients send `{ refreshToken }`. Browsers send `{}` with `X-Refresh-Cookie: 1` and the ' +
          '`apiplay_refresh` cookie; the new refresh token is then set as the cookie, not returned.',
        body: ZRefreshRequest,
        response: { 200: ZTokenPair, ...errorResponses(400, 401) },
      },
    },
    async (req, reply) => {
      const refreshToken = req.body.refreshToken ?? refreshTokenFromCookie(req);
      if (refreshToken === undefined) {
        throw new AppError(
          'UNAUTHORIZED',
          'No refresh token (body.refreshToken, or the cookie in cookie mode)',
        );
      }
      try {
        return deliverTokens(req, reply, await refreshSession({ ctx, refreshToken, ip: req.ip }));
      } catch (error) {
        clearRefreshCookie(req, reply);
        throw error;
      }
    },
  );
  app.post(
    '/api/auth/logout',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Revoke the refresh-token family and blacklist the current access token',
        body: ZLogoutRequest,
        response: { 204: z.null().describe('Logged out'), ...errorResponses(400) },
      },
    },
    async (req, reply) => {
      const refreshToken = req.body.refreshToken ?? refreshTokenFromCookie(req);
      await logout({ ctx, refreshToken, access: req.auth, ip: req.ip });
      clearRefreshCookie(req, reply);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/auth/me',
    {
      config: user,
      schema: { tags, summary: 'The signed-in user', response: { 200: ZUser, ...errorResponses(401) } },
    },
    async (req) => {
      const { userId, noticeTicket } = authOf(req);
      return presentUser(await getUser({ db: ctx.db, userId, cache: ctx.userCache, noticeTicket }));
    },
  );
  app.patch(
    '/api/auth/me',
    {
      config: user,
      schema: {
        tags,
        summary: 'Update the profile (name, avatar)',
        body: ZUpdateMeRequest,
        response: { 200: ZUser, ...errorResponses(400, 401) },
      },
    },
    async (req) =>
      presentUser(
        await updateMe({
          db: ctx.db,
          userId: authOf(req).userId,
          input: req.body,
          cache: ctx.userCache,
          ip: req.ip,
          authChanges: ctx.authChanges,
        }),
      ),
  );
  app.post(
    '/api/auth/password',
    {
      config: user,
      schema: {
        tags,
        summary: 'Change the password; ends other sessions and returns new tokens',
        body: ZChangePasswordRequest,
        response: { 200: ZTokenPair, ...errorResponses(400, 401) },
      },
    },
    async (req, reply) => {
      const auth = authOf(req);
      return deliverTokens(
        req,
        reply,
        await changePassword({ ctx, userId: auth.userId, input: req.body, ip: req.ip, access: auth }),
      );
    },
  );
};
