import {
  ZAsyncQuery,
  ZExecuteRequest,
  ZExecuteResponse,
  ZExecuteSavedRequest,
  ZIdParam,
  ZJobAccepted,
} from '@apiplay/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { authOf, workspaceOf } from '../../plugins/auth';
import { workspaceOfItem } from '../../services/collections/resolve-workspace';
import { enforceExecutionRate } from '../../services/execute/enforce-execution-rate';
import { executeRequest } from '../../services/execute/execute-request';

const tags = ['execution'];
const byBodyWorkspace = async (req: FastifyRequest) => {
  const body = req.body as { workspaceId?: unknown } | undefined;
  return typeof body?.workspaceId === 'string' ? body.workspaceId : null;
};
const byItem = (req: FastifyRequest, ctx: AppContext) =>
  workspaceOfItem(ctx.db, (req.params as { id?: unknown }).id);

/** Server-side execution of a request (viewers may execute). `?async=1` queues it as a job. */
export async function executeRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/execute',
    {
      schema: {
        tags,
        summary: 'Execute a request server-side',
        querystring: ZAsyncQuery,
        body: ZExecuteRequest,
        response: { 200: ZExecuteResponse, 202: ZJobAccepted },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byBodyWorkspace } },
    },
    async (req, reply) => {
      const userId = authOf(req).userId;
      await enforceExecutionRate(app.ctx.rateLimiter, userId);
      const input = {
        workspaceId: workspaceOf(req).id,
        userId,
        request: req.body.request,
        environmentId: req.body.environmentId,
        collectionId: req.body.collectionId,
      };
      if (req.query.async) {
        const jobId = await app.content.jobs.enqueue({
          type: 'execute',
          workspaceId: input.workspaceId,
          userId,
          payload: input,
        });
        return reply.code(202).send({ jobId });
      }
      return executeRequest(app.content.execution, input);
    },
  );

  app.post(
    '/api/requests/:id/execute',
    {
      schema: {
        tags,
        summary: 'Execute a saved request with its inherited auth, variables and scripts',
        params: ZIdParam,
        querystring: ZAsyncQuery,
        body: ZExecuteSavedRequest.optional(),
        response: { 200: ZExecuteResponse, 202: ZJobAccepted },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byItem } },
    },
    async (req, reply) => {
      const userId = authOf(req).userId;
      await enforceExecutionRate(app.ctx.rateLimiter, userId);
      const input = {
        workspaceId: workspaceOf(req).id,
        userId,
        itemId: req.params.id,
        environmentId: req.body?.environmentId,
      };
      if (req.query.async) {
        const jobId = await app.content.jobs.enqueue({
          type: 'execute',
          workspaceId: input.workspaceId,
          userId,
          payload: input,
        });
        return reply.code(202).send({ jobId });
      }
      return executeRequest(app.content.execution, input);
    },
  );
}
