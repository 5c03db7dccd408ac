import {
  type TAuditExportQuery,
  ZAdminAuditQuery,
  ZAuditEvent,
  ZAuditExportQuery,
  ZAuditVerifyResult,
  ZInstanceSettingsPatch,
  ZInstanceSettingsResponse,
  ZInstanceStats,
  ZPage,
} from '@apiplay/core';
import type { FastifyTypeProviderDefault } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf } from '../../plugins/auth';
import { presentAuditEvent } from '../../presenters/audit';
import { getInstanceStats } from '../../services/admin/get-instance-stats';
import { exportAudit } from '../../services/audit/export-audit';
import { listInstanceAudit } from '../../services/audit/list-instance-audit';
import { verifyAuditChain } from '../../services/audit/verify-audit-chain';
import {
  readStoredSettings,
  settingsDefaults,
  settingsResponse,
} from '../../services/settings/instance-settings';
import { updateInstanceSettings } from '../../services/settings/update-instance-settings';

const tags = ['admin'];
const admin = { access: { kind: 'admin' as const } };

/** Instance figures, settings and the instance-wide audit log (list, export, chain check). */
export const adminInstanceRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  app.get(
    '/api/admin/stats',
    { config: admin, schema: { tags, summary: 'Instance figures', response: { 200: ZInstanceStats } } },
    async () => getInstanceStats({ ctx }),
  );
  app.get(
    '/api/admin/settings',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Instance settings, their defaults and which are stored',
        response: { 200: ZInstanceSettingsResponse },
      },
    },
    async () => settingsResponse(settingsDefaults(ctx.config), await readStoredSettings(ctx.db)),
  );
  app.patch(
    '/api/admin/settings',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Change instance settings (null resets one to its environment default)',
        body: ZInstanceSettingsPatch,
        response: { 200: ZInstanceSettingsResponse },
      },
    },
    async (req) => updateInstanceSettings({ ctx, actorId: authOf(req).userId, patch: req.body, ip: req.ip }),
  );
  app.get(
    '/api/admin/audit',
    {
      config: admin,
      schema: {
        tags,
        summary: 'The instance-wide audit log, newest first, filtered',
        querystring: ZAdminAuditQuery,
        response: { 200: ZPage(ZAuditEvent) },
      },
    },
    async (req) => {
      const page = await listInstanceAudit({ db: ctx.db, query: req.query });
      return { items: page.items.map(presentAuditEvent), nextCursor: page.nextCursor };
    },
  );
  // Registered without the Zod type provider: the reply is a file stream (the query is still validated by Zod).
  app.withTypeProvider<FastifyTypeProviderDefault>().get(
    '/api/admin/audit/export',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Export the audit log (JSONL or CSV), oldest first, with the same filters',
        querystring: ZAuditExportQuery,
        response: {
          200: z
            .string()
            .describe(
              '`application/x-ndjson` (every field, re-checkable offline) or `text/csv`, as a download',
            ),
        },
      },
    },
    async (req, reply) => {
      const file = await exportAudit({
        db: ctx.db,
        query: req.query as TAuditExportQuery,
        actorId: authOf(req).userId,
        ip: req.ip,
      });
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.stream);
    },
  );
  app.get(
    '/api/admin/audit/verify',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Check the audit hash chain for edited or deleted events',
        response: { 200: ZAuditVerifyResult },
      },
    },
    async () => verifyAuditChain({ db: ctx.db }),
  );
};
