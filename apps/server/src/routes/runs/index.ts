import {
  ZIdParam,
  ZJob,
  ZRun,
  ZRunAccepted,
  ZRunList,
  ZRunListQuery,
  ZRunReportQuery,
  ZRunSummary,
  ZStartRunRequest,
} from '@apiplay/core';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { enforceExecutionRate } from '../../infra/execution-rate';
import { authOf, workspaceOf } from '../../plugins/auth';
import { getJob } from '../../services/jobs/get-job';
import { cancelRun } from '../../services/runs/cancel-run';
import { getRun } from '../../services/runs/get-run';
import { getRunReport } from '../../services/runs/get-run-report';
import { listRuns } from '../../services/runs/list-runs';
import { renderRunReport } from '../../services/runs/render-run-report';
import { startRun } from '../../services/runs/start-run';
import { maskForRole } from '../../services/secrets/mask-for-role';
import { ownerOf } from '../owner-of';

const byCollection = ownerOf('collection');
const byRun = ownerOf('run');
const byJob = ownerOf('job');

/** Collection runs (queued as jobs, persisted, streamed over WS, listed, cancelled, reports) and job status. */
export const runRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;
  // Response bodies are stored as received: a viewer reads them with the workspace's secrets masked.
  const visible = <T>(req: FastifyRequest, value: T) => {
    const { id, role } = workspaceOf(req);
    return maskForRole({ db, box: app.ctx.secretBox, workspaceId: id, role }, value);
  };

  app.post(
    '/api/collections/:id/runs',
    {
      schema: {
        tags: ['runs'],
        summary: 'Start a collection run',
        params: ZIdParam,
        body: ZStartRunRequest,
        response: { 202: ZRunAccepted },
      },
      config: {
        access: {
          kind: 'workspace',
          minRole: 'viewer',
          resolve: byCollection,
          scope: 'execute',
          feature: 'runs',
        },
      },
    },
    async (req, reply) => {
      const userId = authOf(req).userId;
      await enforceExecutionRate(app.ctx.rateLimiter, userId);
      const started = await startRun({
        db,
        enqueue: app.ctx.enqueue,
        workspaceId: workspaceOf(req).id,
        collectionId: req.params.id,
        userId,
        ip: req.ip,
        input: req.body,
      });
      return reply.code(202).send(started);
    },
  );

  app.get(
    '/api/runs/:id',
    {
      schema: {
        tags: ['runs'],
        summary: 'Run progress and results',
        params: ZIdParam,
        response: { 200: ZRun },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byRun, feature: 'runs' } },
    },
    async (req) => visible(req, await getRun({ db, runId: req.params.id })),
  );

  app.get(
    '/api/workspaces/:id/runs',
    {
      schema: {
        tags: ['runs'],
        summary: 'Runs of the workspace, newest first',
        params: ZIdParam,
        querystring: ZRunListQuery,
        response: { 200: ZRunList },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer' } },
    },
    async (req) => visible(req, await listRuns({ db, workspaceId: req.params.id, query: req.query })),
  );

  app.post(
    '/api/runs/:id/cancel',
    {
      schema: {
        tags: ['runs'],
        summary: 'Cancel a queued or running run (viewers: only their own)',
        params: ZIdParam,
        response: { 200: ZRunSummary },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byRun } },
    },
    async (req) => {
      const { id: workspaceId, role } = workspaceOf(req);
      const cancelled = await cancelRun({
        db,
        events: app.ctx.events,
        workspaceId,
        runId: req.params.id,
        userId: authOf(req).userId,
        role,
        ip: req.ip,
      });
      return visible(req, cancelled);
    },
  );

  app.get(
    '/api/runs/:id/report',
    {
      schema: {
        tags: ['runs'],
        summary: 'Download a finished run report (JSON, JUnit XML or HTML)',
        description:
          'The same files `apiplay run --reporters json,junit,html` writes; 409 while the run is going.',
        params: ZIdParam,
        querystring: ZRunReportQuery,
        response: { 200: z.string().describe('The report file, as a download') },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byRun } },
    },
    async (req, reply) => {
      const run = await getRunReport({ db, runId: req.params.id });
      const file = renderRunReport({
        report: await visible(req, run.report),
        status: run.status,
        format: req.query.format,
      });
      // A download, never a page of the app's origin: the HTML report holds response bodies (escaped, but still).
      return reply
        .type(file.mimeType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('content-security-policy', 'sandbox')
        .header('x-content-type-options', 'nosniff')
        .send(file.content);
    },
  );

  app.get(
    '/api/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Background job status and result',
        params: ZIdParam,
        response: { 200: ZJob },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byJob } },
    },
    async (req) => visible(req, await getJob({ db, storage: app.ctx.storage, jobId: req.params.id })),
  );
};
