import {
  ZAdminUser,
  ZAdminUserList,
  ZAdminUserPatch,
  ZAdminUserQuery,
  ZDeleteUserRequest,
  ZDeleteUserResponse,
  ZIdParam,
  ZOwnedWorkspaceList,
} from '@apiplay/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authOf } from '../../plugins/auth';
import { deleteUser } from '../../services/admin/delete-user';
import { listSoleOwnedWorkspaces } from '../../services/admin/list-owned-workspaces';
import { listUsers } from '../../services/admin/list-users';
import { findUserOr404, updateUser } from '../../services/admin/update-user';
import { errorResponses } from '../errors';

const tags = ['admin'];
const admin = { access: { kind: 'admin' as const } };

/** Instance administration of accounts: list and search, disable/enable, promote/demote, delete. */
export const adminUserRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  app.get(
    '/api/admin/users',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Users, searchable and paged (offset/limit)',
        querystring: ZAdminUserQuery,
        response: { 200: ZAdminUserList },
      },
    },
    async (req) => listUsers({ ctx, query: req.query }),
  );
  app.patch(
    '/api/admin/users/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Disable/enable (disabling revokes sessions and keys) or promote/demote a user',
        params: ZIdParam,
        body: ZAdminUserPatch,
        response: { 200: ZAdminUser, ...errorResponses(404, 409) },
      },
    },
    async (req) =>
      updateUser({ ctx, actorId: authOf(req).userId, userId: req.params.id, patch: req.body, ip: req.ip }),
  );
  app.get(
    '/api/admin/users/:id/owned-workspaces',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Workspaces the user is the only owner of (what deleting the user must delete or transfer)',
        params: ZIdParam,
        response: { 200: ZOwnedWorkspaceList, ...errorResponses(404) },
      },
    },
    async (req) => {
      await findUserOr404(ctx.db, req.params.id);
      return { items: await listSoleOwnedWorkspaces(ctx.db, req.params.id) };
    },
  );
  app.post(
    '/api/admin/users/:id/delete',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Delete a user; their solely owned workspaces are deleted or transferred, as chosen',
        params: ZIdParam,
        body: ZDeleteUserRequest,
        response: { 200: ZDeleteUserResponse, ...errorResponses(404, 409) },
      },
    },
    async (req) =>
      deleteUser({ ctx, actorId: authOf(req).userId, userId: req.params.id, input: req.body, ip: req.ip }),
  );
};
