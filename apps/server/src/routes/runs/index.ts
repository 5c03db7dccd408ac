import { ZIdParam, ZJob, ZRun, ZRunAccepted, ZStartRunRequest } from '@apiplay/core';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { enforceExecutionRate } from '../../infra/execution-rate';
import { authOf, workspaceOf } from '../../plugins/auth';
import { getJob } from '../../services/jobs/get-job';
import { getRun } from '../../services/runs/get-run';
import { startRun } from '../../services/runs/start-run';
import { maskForRole } from '../../services/secrets/mask-for-role';
import { ownerOf } from '../owner-of';

const byCollection = ownerOf('collection');
const byRun = ownerOf('run');
const byJob = ownerOf('job');

/** Collection runs (queued as jobs, persisted, streamed over WS) and job status. */
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
    async (req) => visible(req, await getJob({ db, jobId: req.params.id })),
  );
};
