import {
  ZCreateWorkspaceRequest,
  ZIdParam,
  ZUpdateWorkspaceRequest,
  ZWorkspace,
  ZWorkspaceList,
  ZWorkspacePreferences,
} from '@apiplay/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, workspaceOf } from '../../plugins/auth';
import { presentWorkspace } from '../../presenters/workspaces';
import { createTeamWorkspace } from '../../services/workspaces/create-team-workspace';
import { deleteWorkspace } from '../../services/workspaces/delete-workspace';
import { getPreferences } from '../../services/workspaces/get-preferences';
import { getWorkspace } from '../../services/workspaces/get-workspace';
import { listWorkspaces } from '../../services/workspaces/list-workspaces';
import { setPreferences } from '../../services/workspaces/set-preferences';
import { updateWorkspace } from '../../services/workspaces/update-workspace';
import { errorResponses } from '../errors';

const tags = ['workspaces'];

/** Workspaces: list mine, create, read, rename, delete. */
export const workspaceRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  app.get(
    '/api/workspaces',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags,
        summary: 'Workspaces I belong to, with my role',
        response: { 200: ZWorkspaceList, ...errorResponses(401) },
      },
    },
    async (req) => ({
      items: (await listWorkspaces({ db: ctx.db, userId: authOf(req).userId })).map((w) =>
        presentWorkspace(w, w.role),
      ),
    }),
  );
  app.post(
    '/api/workspaces',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags,
        summary: 'Create a team workspace (I become its owner)',
        body: ZCreateWorkspaceRequest,
        response: { 201: ZWorkspace, ...errorResponses(400, 401) },
      },
    },
    async (req, reply) => {
      const ws = await createTeamWorkspace({
        db: ctx.db,
        userId: authOf(req).userId,
        name: req.body.name,
        ip: req.ip,
      });
      return reply.status(201).send(presentWorkspace(ws, 'owner'));
    },
  );
  app.get(
    '/api/workspaces/:id',
    {
      config: { access: { kind: 'workspace', minRole: 'viewer' } },
      schema: {
        tags,
        summary: 'A workspace',
        params: ZIdParam,
        response: { 200: ZWorkspace, ...errorResponses(401, 404) },
      },
    },
    async (req) => {
      const w = workspaceOf(req);
      return presentWorkspace(await getWorkspace({ db: ctx.db, workspaceId: w.id }), w.role);
    },
  );
  app.patch(
    '/api/workspaces/:id',
    {
      config: { access: { kind: 'workspace', minRole: 'admin' } },
      schema: {
        tags,
        summary: 'Rename a workspace (admins and owners)',
        params: ZIdParam,
        body: ZUpdateWorkspaceRequest,
        response: { 200: ZWorkspace, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const w = workspaceOf(req);
      const row = await updateWorkspace({
        db: ctx.db,
        actorId: authOf(req).userId,
        workspaceId: w.id,
        input: req.body,
        ip: req.ip,
      });
      return presentWorkspace(row, w.role);
    },
  );
  app.delete(
    '/api/workspaces/:id',
    {
      config: { access: { kind: 'workspace', minRole: 'owner' } },
      schema: {
        tags,
        summary: 'Delete a workspace and everything in it (owners)',
        params: ZIdParam,
        response: { 204: z.null().describe('Deleted'), ...errorResponses(401, 403, 404) },
      },
    },
    async (req, reply) => {
      await deleteWorkspace({
        db: ctx.db,
        memberships: ctx.memberships,
        actorId: authOf(req).userId,
        workspaceId: workspaceOf(req).id,
        ip: req.ip,
      });
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/workspaces/:id/preferences',
    {
      config: { access: { kind: 'workspace', minRole: 'viewer' } },
      schema: {
        tags,
        summary: 'My preferences in a workspace (the active environment)',
        params: ZIdParam,
        response: { 200: ZWorkspacePreferences, ...errorResponses(401, 404) },
      },
    },
    async (req) =>
      getPreferences({ db: ctx.db, workspaceId: workspaceOf(req).id, userId: authOf(req).userId }),
  );
  app.put(
    '/api/workspaces/:id/preferences',
    {
      config: { access: { kind: 'workspace', minRole: 'viewer' } },
      schema: {
        tags,
        summary: 'Set my preferences in a workspace (kept across reloads and devices)',
        params: ZIdParam,
        body: ZWorkspacePreferences,
        response: { 200: ZWorkspacePreferences, ...errorResponses(400, 401, 404) },
      },
    },
    async (req) =>
      setPreferences({
        db: ctx.db,
        workspaceId: workspaceOf(req).id,
        userId: authOf(req).userId,
        preferences: req.body,
      }),
  );
};
