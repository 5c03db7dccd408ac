import { ZHistoryEntry, ZHistoryList, ZHistoryQuery, ZHistorySettings, ZIdParam } from '@apiplay/core';
import type { FastifyRequest, FastifyTypeProviderDefault } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { authOf, workspaceOf as resolvedWorkspace } from '../../plugins/auth';
import { workspaceOf } from '../../policies/workspace-of';
import { deleteHistory } from '../../services/history/delete-history';
import { getHistoryRow } from '../../services/history/get-history-entry';
import { listHistory, toHistoryEntry } from '../../services/history/list-history';
import { getHistorySettings, putHistorySettings } from '../../services/history/retention';
import { maskForRole } from '../../services/secrets/mask-for-role';

const tags = ['history'];

/** Execution history: list with filters, one entry, its full body, delete one/all, retention. */
export const historyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;
  const { storage, secretBox } = app.ctx;
  // Bodies are stored as received: a viewer reads them with the workspace's secrets masked.
  const visible = <T>(req: FastifyRequest, value: T) => {
    const { id, role } = resolvedWorkspace(req);
    return maskForRole({ db, box: secretBox, workspaceId: id, role }, value);
  };
  // Direct executions queue their history rows; make this process's own writes visible before reading.
  const flushed = () => app.ctx.history.flush();
  app.addHook('preHandler', async () => {
    await flushed();
  });
  const byEntry = async (req: FastifyRequest, ctx: AppContext) => {
    await flushed();
    return workspaceOf(ctx.db, 'history', (req.params as { id?: unknown }).id);
  };

  app.get(
    '/api/workspaces/:id/history',
    {
      schema: {
        tags,
        summary: 'History, newest first',
        params: ZIdParam,
        querystring: ZHistoryQuery,
        response: { 200: ZHistoryList },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer' } },
    },
    async (req) => visible(req, await listHistory({ db, workspaceId: req.params.id, query: req.query })),
  );

  app.delete(
    '/api/workspaces/:id/history',
    {
      schema: {
        tags,
        summary: 'Delete all history of the workspace',
        params: ZIdParam,
        response: { 204: z.null().describe('Deleted') },
      },
      config: { access: { kind: 'workspace', minRole: 'editor' } },
    },
    async (req, reply) => {
      await deleteHistory({
        db,
        storage,
        workspaceId: req.params.id,
        actorId: authOf(req).userId,
        ip: req.ip,
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/history/:id',
    {
      schema: { tags, summary: 'One history entry', params: ZIdParam, response: { 200: ZHistoryEntry } },
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byEntry } },
    },
    async (req) => visible(req, toHistoryEntry(await getHistoryRow(db, req.params.id))),
  );

  // Registered without the Zod type provider: the reply is raw bytes with the stored content type.
  app.withTypeProvider<FastifyTypeProviderDefault>().get(
    '/api/history/:id/body',
    {
      schema: {
        tags,
        summary: 'The full response body (also when it was too large to keep inline)',
        params: ZIdParam,
        response: {
          200: z.string().describe('The body bytes, with the response content type, as a download'),
        },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byEntry } },
    },
    async (req, reply) => {
      const row = await getHistoryRow(db, (req.params as { id: string }).id);
      const stored = row.bodyRef ? await storage.get(row.bodyRef) : null;
      const raw =
        stored ?? Buffer.from(row.body ?? '', row.response?.bodyEncoding === 'base64' ? 'base64' : 'utf8');
      const bytes =
        resolvedWorkspace(req).role === 'viewer' && row.response?.bodyEncoding !== 'base64'
          ? Buffer.from(await visible(req, raw.toString('utf8')))
          : raw;
      const type = row.response?.headers.find((h) => h.key.toLowerCase() === 'content-type')?.value;
      // Served as a download so a stored HTML body never renders in the app's origin.
      return reply
        .header('content-type', type ?? 'application/octet-stream')
        .header('content-disposition', 'attachment')
        .header('x-content-type-options', 'nosniff')
        .send(bytes);
    },
  );

  app.delete(
    '/api/history/:id',
    {
      schema: {
        tags,
        summary: 'Delete one history entry',
        params: ZIdParam,
        response: { 204: z.null().describe('Deleted') },
      },
      config: { access: { kind: 'workspace', minRole: 'editor', resolve: byEntry } },
    },
    async (req, reply) => {
      await deleteHistory({
        db,
        storage,
        workspaceId: resolvedWorkspace(req).id,
        entryId: req.params.id,
        actorId: authOf(req).userId,
        ip: req.ip,
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/workspaces/:id/history/settings',
    {
      schema: { tags, summary: 'History retention', params: ZIdParam, response: { 200: ZHistorySettings } },
      config: { access: { kind: 'workspace', minRole: 'viewer' } },
    },
    async (req) =>
      getHistorySettings(db, req.params.id, app.ctx.config.settingsDefaults.defaultHistoryRetentionDays),
  );

  app.put(
    '/api/workspaces/:id/history/settings',
    {
      schema: {
        tags,
        summary: 'Set history retention (days)',
        params: ZIdParam,
        body: ZHistorySettings,
        response: { 200: ZHistorySettings },
      },
      config: { access: { kind: 'workspace', minRole: 'admin' } },
    },
    async (req) =>
      putHistorySettings(db, req.params.id, req.body, { actorId: authOf(req).userId, ip: req.ip }),
  );
};
