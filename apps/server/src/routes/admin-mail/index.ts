import { ZMailList, ZMailListQuery } from '@apiplay/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authOf } from '../../plugins/auth';
import { listMail } from '../../services/mail/list-mail';
import { errorResponses } from '../errors';

/** The dev mailbox for instance admins (the admin panel's "Mail" tab). */
export const adminMailRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  app.get(
    '/api/admin/mail',
    {
      config: { access: { kind: 'admin' } },
      schema: {
        tags: ['admin'],
        summary: 'Messages kept by the dev mailbox (no SMTP_URL), newest first; instance admins only',
        querystring: ZMailListQuery,
        response: { 200: ZMailList, ...errorResponses(401, 403) },
      },
    },
    async (req) =>
      listMail({ ctx, actorId: authOf(req).userId, limit: req.query.limit, before: req.query.before }),
  );
};
