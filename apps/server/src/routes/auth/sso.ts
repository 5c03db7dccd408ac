import {
  AppError,
  statusForCode,
  ZSignInOptions,
  ZSsoCallbackQuery,
  ZSsoStartParams,
  ZSsoStartQuery,
} from '@apiplay/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { finishSso } from '../../services/sso/finish-sso';
import { listSignInOptions } from '../../services/sso/list-sign-in-options';
import { SIGN_IN_FLOW_TTL_MS, startSso } from '../../services/sso/start-sso';
import { errorResponses } from '../errors';
import { setRefreshCookie } from './refresh-cookie';

const tags = ['auth'];
const pub = { access: { kind: 'public' as const } };

/**
 * Binds a sign-in attempt to the browser that started it. `SameSite=Lax`: the provider's redirect back is a
 * cross-site top-level GET, which Lax cookies accompany and Strict ones do not.
 */
const FLOW_COOKIE = 'apiplay_sso';
const FLOW_COOKIE_PATH = '/api/auth/sso';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A refused callback is a browser's page, not an API call: the same 4xx status and message, as a page with a way
 * back to the sign-in screen (API clients asking for JSON get the usual error body).
 */
function refusalPage(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply | null {
  const accept = request.headers.accept ?? '';
  if (!(error instanceof AppError) || !accept.includes('text/html')) {
    return null;
  }
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in failed</title></head>' +
    '<body style="font-family:system-ui,sans-serif;padding:2rem"><h1>Sign-in failed</h1>' +
    `<p role="alert">${escapeHtml(error.message)}</p><p><a href="/signin">Back to sign-in</a></p></body></html>`;
  return reply.status(statusForCode(error.code)).type('text/html; charset=utf-8').send(html);
}

/** Single sign-on: the sign-in options, "Sign in with …" (start) and the provider's redirect back (callback). */
export const ssoRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  app.get(
    '/api/auth/options',
    {
      config: pub,
      schema: {
        tags,
        summary: 'How users can sign in (password, SSO providers)',
        response: { 200: ZSignInOptions },
      },
    },
    async () => listSignInOptions({ ctx }),
  );
  app.get(
    '/api/auth/sso/:provider/start',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Start single sign-on: redirects to the provider (authorization code + PKCE, state, nonce)',
        params: ZSsoStartParams,
        querystring: ZSsoStartQuery,
        response: { 302: z.null().describe('To the provider'), ...errorResponses(400, 404, 429) },
      },
    },
    async (req, reply) => {
      const { url, browserToken } = await startSso({
        ctx,
        provider: req.params.provider,
        returnTo: req.query.returnTo,
        ip: req.ip,
      });
      reply.setCookie(FLOW_COOKIE, browserToken, {
        path: FLOW_COOKIE_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: req.protocol === 'https',
        maxAge: Math.floor(SIGN_IN_FLOW_TTL_MS / 1000),
      });
      return reply.redirect(url, 302);
    },
  );
  app.get(
    '/api/auth/sso/:provider/callback',
    {
      config: pub,
      schema: {
        tags,
        summary: 'The provider redirects here; signs in (refresh cookie) and redirects into the app',
        description:
          'Checks state (single use, this browser), PKCE, the code and the ID token (signature, issuer, audience, ' +
          'nonce). The first sign-in creates the account or links the one with the same verified email.',
        params: ZSsoStartParams,
        querystring: ZSsoCallbackQuery,
        response: { 302: z.null().describe('Into the app, signed in'), ...errorResponses(400, 403, 404) },
      },
    },
    async (req, reply) => {
      const rawQuery = req.raw.url?.split('?')[1] ?? '';
      let result: Awaited<ReturnType<typeof finishSso>>;
      try {
        result = await finishSso({
          ctx,
          provider: req.params.provider,
          query: rawQuery,
          browserToken: req.cookies[FLOW_COOKIE],
          ip: req.ip,
          userAgent: req.headers['user-agent'],
        });
      } catch (error) {
        const page = refusalPage(req, reply, error);
        if (page !== null) {
          return page;
        }
        throw error;
      }
      reply.clearCookie(FLOW_COOKIE, { path: FLOW_COOKIE_PATH });
      setRefreshCookie(req, reply, result.refreshToken);
      return reply.redirect(result.returnTo, 302);
    },
  );
};
