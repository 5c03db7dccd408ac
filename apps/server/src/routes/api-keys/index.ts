import { ZApiKeyList, ZCreateApiKeyRequest, ZCreateApiKeyResponse, ZIdParam } from '@apiplay/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf } from '../../plugins/auth';
import { presentApiKey } from '../../presenters/api-keys';
import { createApiKey } from '../../services/api-keys/create-api-key';
import { listApiKeys } from '../../services/api-keys/list-api-keys';
import { revokeApiKey } from '../../services/api-keys/revoke-api-key';
import { errorResponses } from '../errors';

const tags = ['api keys'];
const user = { access: { kind: 'user' as const } };
/** Keys are made and revoked by a session or an `admin` key: a leaked key cannot mint or shed others. */
const manageKeys = { access: { kind: 'user' as const, scope: 'admin' as const } };

/** Personal API keys (`Authorization: Bearer apk_…` or `X-API-Key`). */
export const apiKeyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  app.get(
    '/api/api-keys',
    {
      config: user,
      schema: {
        tags,
        summary: 'List my API keys (never the secrets)',
        response: { 200: ZApiKeyList, ...errorResponses(401) },
      },
    },
    async (req) => ({
      items: (await listApiKeys({ db: ctx.db, userId: authOf(req).userId })).map(presentApiKey),
    }),
  );
  app.post(
    '/api/api-keys',
    {
      config: manageKeys,
      schema: {
        tags,
        summary: 'Create an API key; the key is shown only in this response',
        body: ZCreateApiKeyRequest,
        response: { 201: ZCreateApiKeyResponse, ...errorResponses(400, 401) },
      },
    },
    async (req, reply) => {
      const { row, key } = await createApiKey({
        ctx,
        userId: authOf(req).userId,
        input: req.body,
        ip: req.ip,
      });
      return reply.status(201).send({ ...presentApiKey(row), key });
    },
  );
  app.delete(
    '/api/api-keys/:id',
    {
      config: manageKeys,
      schema: {
        tags,
        summary: 'Revoke an API key',
        params: ZIdParam,
        response: { 204: z.null().describe('Revoked'), ...errorResponses(401, 404) },
      },
    },
    async (req, reply) => {
      await revokeApiKey({
        db: ctx.db,
        authChanges: ctx.authChanges,
        userId: authOf(req).userId,
        keyId: req.params.id,
        ip: req.ip,
      });
      return reply.status(204).send(null);
    },
  );
};
