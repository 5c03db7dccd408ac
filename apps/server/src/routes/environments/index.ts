import {
  ZCreateEnvironmentRequest,
  ZEnvironmentList,
  ZEnvironmentResponse,
  ZIdParam,
  ZPutGlobalsRequest,
  ZRevealQuery,
  ZUpdateEnvironmentRequest,
} from '@apiplay/core';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, workspaceOf } from '../../plugins/auth';
import { toEnvironmentResponse } from '../../presenters/environments';
import { createEnvironment } from '../../services/environments/create-environment';
import { deleteEnvironment } from '../../services/environments/delete-environment';
import { getEnvironment } from '../../services/environments/get-environment';
import { ensureGlobalsRow, putGlobals } from '../../services/environments/globals';
import { listEnvironments } from '../../services/environments/list-environments';
import { updateEnvironment } from '../../services/environments/update-environment';
import { ownerOf } from '../owner-of';

const tags = ['environments'];
const byEnvironment = ownerOf('environment');

/** Environments and workspace globals; secret values masked unless an editor reveals them. */
export const environmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;
  const box = app.ctx.secretBox;
  const live = (req: FastifyRequest) => ({
    events: app.ctx.events,
    workspaceId: workspaceOf(req).id,
    userId: authOf(req).userId,
    ip: req.ip,
  });

  app.get(
    '/api/workspaces/:id/environments',
    {
      schema: {
        tags,
        summary: 'List environments (secrets masked)',
        params: ZIdParam,
        response: { 200: ZEnvironmentList },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer' } },
    },
    async (req) => listEnvironments({ db, box, workspaceId: req.params.id }),
  );

  app.post(
    '/api/workspaces/:id/environments',
    {
      schema: {
        tags,
        summary: 'Create an environment',
        params: ZIdParam,
        body: ZCreateEnvironmentRequest,
        response: { 201: ZEnvironmentResponse },
      },
      config: { access: { kind: 'workspace', minRole: 'editor' } },
    },
    async (req, reply) => {
      const created = await createEnvironment({
        db,
        box,
        input: req.body,
        ...live(req),
      });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/environments/:id',
    {
      schema: {
        tags,
        summary: 'Get an environment; ?reveal=1 shows secrets (editors, audit-logged)',
        params: ZIdParam,
        querystring: ZRevealQuery,
        response: { 200: ZEnvironmentResponse },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byEnvironment } },
    },
    async (req) =>
      getEnvironment({
        db,
        box,
        environmentId: req.params.id,
        reveal: req.query.reveal,
        actor: { userId: authOf(req).userId, role: workspaceOf(req).role, ip: req.ip },
      }),
  );

  app.patch(
    '/api/environments/:id',
    {
      schema: {
        tags,
        summary: 'Rename or replace variables',
        params: ZIdParam,
        body: ZUpdateEnvironmentRequest,
        response: { 200: ZEnvironmentResponse },
      },
      config: { access: { kind: 'workspace', minRole: 'editor', resolve: byEnvironment } },
    },
    async (req) => {
      return updateEnvironment({ db, box, environmentId: req.params.id, input: req.body, ...live(req) });
    },
  );

  app.delete(
    '/api/environments/:id',
    {
      schema: {
        tags,
        summary: 'Delete an environment',
        params: ZIdParam,
        response: { 204: z.null().describe('Deleted') },
      },
      config: { access: { kind: 'workspace', minRole: 'editor', resolve: byEnvironment } },
    },
    async (req, reply) => {
      await deleteEnvironment({ db, environmentId: req.params.id, ...live(req) });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/workspaces/:id/globals',
    {
      schema: {
        tags,
        summary: 'Workspace globals (secrets masked)',
        params: ZIdParam,
        response: { 200: ZEnvironmentResponse },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer' } },
    },
    async (req) => toEnvironmentResponse(box, await ensureGlobalsRow(db, req.params.id)),
  );

  app.put(
    '/api/workspaces/:id/globals',
    {
      schema: {
        tags,
        summary: 'Replace the workspace globals',
        params: ZIdParam,
        body: ZPutGlobalsRequest,
        response: { 200: ZEnvironmentResponse },
      },
      config: { access: { kind: 'workspace', minRole: 'editor' } },
    },
    async (req) => {
      const row = await putGlobals({ db, box, variables: req.body.variables, ...live(req) });
      return toEnvironmentResponse(box, row);
    },
  );
};
