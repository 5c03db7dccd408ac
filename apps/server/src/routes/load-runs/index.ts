import {
  ZIdParam,
  ZLoadRun,
  ZLoadRunAccepted,
  ZLoadRunList,
  ZLoadRunListQuery,
  ZStartLoadRunRequest,
} from '@apiplay/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, workspaceOf } from '../../plugins/auth';
import { getLoadRun } from '../../services/load-runs/get-load-run';
import { listLoadRuns } from '../../services/load-runs/list-load-runs';
import { startLoadRun } from '../../services/load-runs/start-load-run';
import { stopLoadRun } from '../../services/load-runs/stop-load-run';
import { ownerOf } from '../owner-of';

const tags = ['load runs'];
const byCollection = ownerOf('collection');
const byLoadRun = ownerOf('load_run');

/** Load runs: a collection as a load test, run by the workers, streamed over WS (`load.*`), saved. */
export const loadRunRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.post(
    '/api/collections/:id/load-runs',
    {
      schema: {
        tags,
        summary: 'Start a load run of a collection',
        description:
          "Bad options (a threshold, a stage list that never ends, more VUs than the server's cap, a collection with no requests) are a 400 naming the field, before any request is sent.",
        params: ZIdParam,
        body: ZStartLoadRunRequest,
        response: { 202: ZLoadRunAccepted },
      },
      config: { access: { kind: 'workspace', minRole: 'editor', resolve: byCollection } },
    },
    async (req, reply) => {
      const started = await startLoadRun({
        db,
        box: app.ctx.secretBox,
        enqueue: app.ctx.enqueue,
        caps: app.ctx.config.load,
        parts: app.ctx.config.load.parts,
        workspaceId: workspaceOf(req).id,
        collectionId: req.params.id,
        userId: authOf(req).userId,
        ip: req.ip,
        input: req.body,
      });
      return reply.code(202).send(started);
    },
  );

  app.get(
    '/api/workspaces/:id/load-runs',
    {
      schema: {
        tags,
        summary: 'Saved load runs, newest first (50)',
        params: ZIdParam,
        querystring: ZLoadRunListQuery,
        response: { 200: ZLoadRunList },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer' } },
    },
    async (req) => listLoadRuns({ db, workspaceId: req.params.id, collectionId: req.query.collectionId }),
  );

  app.get(
    '/api/load-runs/:id',
    {
      schema: {
        tags,
        summary: 'A load run: per-second series and summary',
        params: ZIdParam,
        response: { 200: ZLoadRun },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byLoadRun } },
    },
    async (req) => getLoadRun({ db, loadRunId: req.params.id }),
  );

  app.post(
    '/api/load-runs/:id/stop',
    {
      schema: {
        tags,
        summary: 'Stop a load run',
        params: ZIdParam,
        response: { 202: z.object({ status: z.enum(['aborted', 'stopping']) }) },
      },
      config: { access: { kind: 'workspace', minRole: 'editor', resolve: byLoadRun } },
    },
    async (req, reply) => {
      const stopped = await stopLoadRun({
        db,
        events: app.ctx.events,
        loadRunId: req.params.id,
        userId: authOf(req).userId,
        ip: req.ip,
      });
      return reply.code(202).send(stopped);
    },
  );
};
