import { ZAuditEvent, ZIdParam, ZPage, ZPageQuery } from '@apiplay/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authOf, workspaceOf } from '../../plugins/auth';
import { presentAuditEvent } from '../../presenters/audit';
import { listAudit } from '../../services/audit/list-audit';
import { errorResponses } from '../errors';

const tags = ['audit'];

/** Audit trails: a workspace's (admins and owners) and the caller's own security events. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  app.get(
    '/api/workspaces/:id/audit',
    {
      config: { access: { kind: 'workspace', minRole: 'admin' } },
      schema: {
        tags,
        summary: "The workspace's audit log, newest first",
        params: ZIdParam,
        querystring: ZPageQuery,
        response: { 200: ZPage(ZAuditEvent), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const page = await listAudit({
        db: ctx.db,
        filter: { workspaceId: workspaceOf(req).id },
        cursor: req.query.cursor,
        limit: req.query.limit,
      });
      return { items: page.items.map(presentAuditEvent), nextCursor: page.nextCursor };
    },
  );
  app.get(
    '/api/auth/me/audit',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags: ['auth', ...tags],
        summary: 'My security events (logins, failed logins, password and key changes)',
        querystring: ZPageQuery,
        response: { 200: ZPage(ZAuditEvent), ...errorResponses(400, 401) },
      },
    },
    async (req) => {
      const page = await listAudit({
        db: ctx.db,
        filter: { subjectUserId: authOf(req).userId },
        cursor: req.query.cursor,
        limit: req.query.limit,
      });
      return { items: page.items.map(presentAuditEvent), nextCursor: page.nextCursor };
    },
  );
};
