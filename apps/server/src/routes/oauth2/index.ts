import { ZOAuth2TokenRequest, ZOAuth2TokenResponse } from '@apiplay/core';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf } from '../../plugins/auth';
import { requestToken } from '../../services/oauth2/request-token';
import { errorResponses } from '../errors';

const byBodyWorkspace = async (req: FastifyRequest) => {
  const body = req.body as { workspaceId?: unknown } | undefined;
  return typeof body?.workspaceId === 'string' ? body.workspaceId : null;
};

/**
 * The redirect URI of "Get new access token" (OAuth 2 authorization code and implicit in the web app). The page
 * hands its query (code, state) and fragment (implicit token) to the app's tab over a same-origin
 * BroadcastChannel — not `window.opener`, which the provider's cross-origin pages sever (COOP) — and closes. It
 * reads nothing itself; the app checks the state against its attempt.
 */
const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>API Playground — access token</title></head>
<body style="font-family:system-ui,sans-serif;padding:2rem"><p id="status">Handing the answer to API Playground…</p>
<script src="/api/oauth2/callback.js"></script></body></html>
`;

const script = `(function () {
  var status = document.getElementById('status');
  try {
    var channel = new BroadcastChannel('apiplay-oauth2');
    channel.postMessage({ type: 'apiplay-oauth2-redirect', search: location.search, hash: location.hash });
    channel.close();
    status.textContent = 'Done. You can close this window.';
    // Do not leave the code or token in this window's history.
    history.replaceState(null, '', location.pathname);
    setTimeout(function () { window.close(); }, 300);
  } catch (e) {
    status.textContent = 'This browser cannot hand the answer back (no BroadcastChannel).';
  }
})();
`;

/**
 * `GET /api/oauth2/callback` (page) and its script (a file, so the CSP needs no inline script), and
 * `POST /api/oauth2/token`, the code exchange / refresh behind "Get new access token".
 */
export const oauth2CallbackRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  const pub = { access: { kind: 'public' as const } };
  const tags = ['oauth2'];
  app.get(
    '/api/oauth2/callback',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Redirect URI of "Get new access token": a page that hands the answer to the app and closes',
        response: { 200: z.string().describe('An HTML page') },
      },
    },
    async (_req, reply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page),
  );
  app.get(
    '/api/oauth2/callback.js',
    {
      config: pub,
      schema: {
        tags,
        summary: 'The callback page’s script (a file, so the CSP needs no inline script)',
        response: { 200: z.string().describe('JavaScript') },
      },
    },
    async (_req, reply) =>
      reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(script),
  );
  app.post(
    '/api/oauth2/token',
    {
      // Viewers execute requests, and this is one (without scripts or a history row).
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byBodyWorkspace } },
      schema: {
        tags,
        summary: 'Exchange an authorization code (+PKCE verifier) or a refresh token for tokens',
        description:
          'The server builds the token request from `auth`, resolves its {{variables}} with the workspace, ' +
          'environment and collection, and sends it through the SSRF guard. No history row is written (the ' +
          "answer is the caller's tokens). A provider's refusal is 400 with its error (invalid_grant, …).",
        body: ZOAuth2TokenRequest,
        response: { 200: ZOAuth2TokenResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => requestToken(ctx.execution, { userId: authOf(req).userId, input: req.body }),
  );
};
