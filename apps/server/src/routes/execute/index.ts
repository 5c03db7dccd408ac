import { rm } from 'node:fs/promises';
import {
  AppError,
  ZAsyncQuery,
  ZExecuteRequest,
  ZExecuteResponse,
  ZExecuteSavedRequest,
  ZIdParam,
  ZJobAccepted,
} from '@apiplay/core';
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { enforceExecutionRate } from '../../infra/execution-rate';
import { fastSerializerCompiler } from '../../lib/json-serializer';
import { authOf, workspaceOf } from '../../plugins/auth';
import { bindUploads } from '../../services/execute/bind-uploads';
import { executeRequest } from '../../services/execute/execute-request';
import { type ReceivedUploads, receiveUploads } from '../../services/execute/receive-uploads';
import { ownerOf } from '../owner-of';

const tags = ['execution'];
/** Uploads of in-flight multipart executes, deleted when the request is answered (whatever the outcome). */
const uploadsOf = new WeakMap<FastifyRequest, ReceivedUploads>();
const dropUploads = async (req: FastifyRequest) => {
  const uploads = uploadsOf.get(req);
  uploadsOf.delete(req);
  if (uploads) {
    await rm(uploads.dir, { recursive: true, force: true });
  }
};

/**
 * The access check needs the body's workspaceId, so a multipart body is read here: after the caller is
 * authenticated (anonymous uploads never reach the disk) and before schema validation, which then checks the
 * `payload` field with the same Zod contract as the JSON route.
 */
const byBodyWorkspace = async (req: FastifyRequest, ctx: AppContext) => {
  if (req.isMultipart() && !uploadsOf.has(req)) {
    const maxBytes = ctx.config.bodyLimit;
    // busboy's default field cap (1 MB) would cut a large request JSON: the payload shares the byte budget instead.
    const parts = req.parts({ limits: { fileSize: maxBytes, fieldSize: maxBytes } });
    const uploads = await receiveUploads({ parts, maxBytes });
    uploadsOf.set(req, uploads);
    req.body = uploads.body;
  }
  const body = req.body as { workspaceId?: unknown } | undefined;
  return typeof body?.workspaceId === 'string' ? body.workspaceId : null;
};
const byItem = ownerOf('item');

/** Server-side execution of a request (viewers may execute). `?async=1` queues it as a job. */
export const executeRoutes: FastifyPluginAsyncZod = async (app) => {
  // Scoped to this plugin; the byte cap over all files is enforced while streaming (receiveUploads).
  await app.register(multipart, {
    limits: { fileSize: app.ctx.config.bodyLimit, files: 20, fields: 5 },
  });
  // onSend runs before any answer (result, 400, 413, 500) is written; onResponse covers replies that skip it.
  // Callback-style hooks: a JSON execute (no uploads) passes straight through, without a promise per hook.
  app.addHook('onSend', (req, _reply, payload, done) => {
    if (!uploadsOf.has(req)) {
      done(null, payload);
      return;
    }
    dropUploads(req).then(
      () => done(null, payload),
      (error: Error) => done(error),
    );
  });
  app.addHook('onResponse', (req, _reply, done) => {
    if (!uploadsOf.has(req)) {
      done();
      return;
    }
    dropUploads(req).then(() => done(), done);
  });

  app.post(
    '/api/execute',
    {
      schema: {
        tags,
        summary: 'Execute a request server-side',
        description:
          'JSON body, or multipart/form-data with the same JSON in a `payload` field plus one file part per file the request uses: the part is named by the `src` of the formdata file field or binary body it fills. Other `src` paths are refused (400): the server never reads its own disk. Uploads are kept in a temp folder for the execution only (not with `async=1`).',
        querystring: ZAsyncQuery,
        body: ZExecuteRequest,
        response: { 200: ZExecuteResponse, 202: ZJobAccepted },
      },
      serializerCompiler: fastSerializerCompiler,
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byBodyWorkspace } },
    },
    async (req, reply) => {
      const userId = authOf(req).userId;
      await enforceExecutionRate(app.ctx.rateLimiter, userId);
      const uploads = uploadsOf.get(req);
      if (uploads && req.query.async) {
        throw new AppError('VALIDATION_FAILED', 'async: requests with uploaded files cannot be queued');
      }
      const input = {
        workspaceId: workspaceOf(req).id,
        userId,
        request: bindUploads(req.body.request, uploads?.files ?? new Map()),
        environmentId: req.body.environmentId,
        collectionId: req.body.collectionId,
        itemId: req.body.itemId,
        viewer: workspaceOf(req).role === 'viewer',
      };
      if (req.query.async) {
        const jobId = await app.ctx.enqueue({
          type: 'execute',
          workspaceId: input.workspaceId,
          userId,
          payload: input,
        });
        return reply.code(202).send({ jobId });
      }
      try {
        return await executeRequest(app.ctx.execution, {
          workspaceId: input.workspaceId,
          userId,
          request: input.request,
          environmentId: input.environmentId,
          collectionId: input.collectionId,
          itemId: input.itemId,
          uploads: uploads?.files,
          viewer: input.viewer,
        });
      } finally {
        await dropUploads(req);
      }
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
      serializerCompiler: fastSerializerCompiler,
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
        viewer: workspaceOf(req).role === 'viewer',
      };
      if (req.query.async) {
        const jobId = await app.ctx.enqueue({
          type: 'execute',
          workspaceId: input.workspaceId,
          userId,
          payload: input,
        });
        return reply.code(202).send({ jobId });
      }
      return executeRequest(app.ctx.execution, input);
    },
  );
};
