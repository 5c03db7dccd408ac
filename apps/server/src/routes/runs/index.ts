import { ZIdParam, ZJob, ZRun, ZRunAccepted, ZStartRunRequest } from '@apiplay/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { authOf, workspaceOf } from '../../plugins/auth';
import { workspaceOfCollection } from '../../services/collections/resolve-workspace';
import { enforceExecutionRate } from '../../services/execute/enforce-execution-rate';
import { getJob } from '../../services/jobs/get-job';
import { getRun } from '../../services/runs/get-run';
import { workspaceOfJob, workspaceOfRun } from '../../services/runs/resolve-workspace';
import { startRun } from '../../services/runs/start-run';
import { maskForRole } from '../../services/secrets';

const idOf = (req: FastifyRequest) => (req.params as { id?: unknown }).id;
const byCollection = (req: FastifyRequest, ctx: AppContext) => workspaceOfCollection(ctx.db, idOf(req));
const byRun = (req: FastifyRequest, ctx: AppContext) => workspaceOfRun(ctx.db, idOf(req));
const byJob = (req: FastifyRequest, ctx: AppContext) => workspaceOfJob(ctx.db, idOf(req));

/** Collection runs (queued as jobs, persisted, streamed over WS) and job status. */
export async function runRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx;
  // Response bodies are stored as received: a viewer reads them with the workspace's secrets masked.
  const visible = <T>(req: FastifyRequest, value: T) =>
    maskForRole(
      { db, box: app.content.secretBox, workspaceId: workspaceOf(req).id, role: workspaceOf(req).role },
      value,
    );

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
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byCollection } },
    },
    async (req, reply) => {
      const userId = authOf(req).userId;
      await enforceExecutionRate(app.ctx.rateLimiter, userId);
      const started = await startRun({
        db,
        jobs: app.content.jobs,
        workspaceId: workspaceOf(req).id,
        collectionId: req.params.id,
        userId,
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
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byRun } },
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
}
