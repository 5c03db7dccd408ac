import {
  ZCreateInvitationRequest,
  ZCreateInvitationResponse,
  ZIdParam,
  ZInvitationList,
  ZInvitationTokenParam,
  ZMemberList,
  ZMemberParams,
  ZUpdateMemberRequest,
  ZWorkspace,
} from '@apiplay/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, workspaceOf } from '../../plugins/auth';
import { presentInvitation, presentWorkspace } from '../../presenters/workspaces';
import { acceptInvitation } from '../../services/invitations/accept-invitation';
import { createInvitation } from '../../services/invitations/create-invitation';
import { listInvitations } from '../../services/invitations/list-invitations';
import { revokeInvitation } from '../../services/invitations/revoke-invitation';
import { getWorkspace } from '../../services/workspaces/get-workspace';
import { listMembers } from '../../services/workspaces/list-members';
import { removeMember } from '../../services/workspaces/remove-member';
import { updateMemberRole } from '../../services/workspaces/update-member-role';
import { errorResponses } from '../errors';

const tags = ['members'];
const none = (d: string) => z.null().describe(d);

/** Members, roles, leaving, and invitations. */
export const memberRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  app.get(
    '/api/workspaces/:id/members',
    {
      config: { access: { kind: 'workspace', minRole: 'viewer' } },
      schema: {
        tags,
        summary: 'Members and their roles',
        params: ZIdParam,
        response: { 200: ZMemberList, ...errorResponses(401, 404) },
      },
    },
    async (req) => ({ items: await listMembers({ db: ctx.db, workspaceId: workspaceOf(req).id }) }),
  );
  app.patch(
    '/api/workspaces/:id/members/:userId',
    {
      config: { access: { kind: 'workspace', minRole: 'admin' } },
      schema: {
        tags,
        summary: "Change a member's role (owner changes need an owner; the last owner stays)",
        params: ZMemberParams,
        body: ZUpdateMemberRequest,
        response: { 204: none('Changed'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const w = workspaceOf(req);
      await updateMemberRole({
        db: ctx.db,
        memberships: ctx.memberships,
        actorId: authOf(req).userId,
        actorRole: w.role,
        workspaceId: w.id,
        userId: req.params.userId,
        role: req.body.role,
        ip: req.ip,
      });
      return reply.status(204).send(null);
    },
  );
  app.delete(
    '/api/workspaces/:id/members/:userId',
    {
      config: { access: { kind: 'workspace', minRole: 'admin' } },
      schema: {
        tags,
        summary: 'Remove a member (admins; removing an owner needs an owner)',
        params: ZMemberParams,
        response: { 204: none('Removed'), ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const w = workspaceOf(req);
      await removeMember({
        db: ctx.db,
        memberships: ctx.memberships,
        authChanges: ctx.authChanges,
        actorId: authOf(req).userId,
        actorRole: w.role,
        workspaceId: w.id,
        userId: req.params.userId,
        ip: req.ip,
      });
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/workspaces/:id/leave',
    {
      config: { access: { kind: 'workspace', minRole: 'viewer' } },
      schema: {
        tags,
        summary: 'Leave the workspace (the last owner cannot)',
        params: ZIdParam,
        response: { 204: none('Left'), ...errorResponses(401, 404, 409) },
      },
    },
    async (req, reply) => {
      const w = workspaceOf(req);
      const userId = authOf(req).userId;
      await removeMember({
        db: ctx.db,
        memberships: ctx.memberships,
        authChanges: ctx.authChanges,
        actorId: userId,
        actorRole: w.role,
        workspaceId: w.id,
        userId,
        ip: req.ip,
      });
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/workspaces/:id/invitations',
    {
      config: { access: { kind: 'workspace', minRole: 'admin' } },
      schema: {
        tags,
        summary: 'Pending invitations',
        params: ZIdParam,
        response: { 200: ZInvitationList, ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => ({
      items: (await listInvitations({ db: ctx.db, workspaceId: workspaceOf(req).id })).map(presentInvitation),
    }),
  );
  app.post(
    '/api/workspaces/:id/invitations',
    {
      config: { access: { kind: 'workspace', minRole: 'admin' } },
      schema: {
        tags,
        summary: 'Invite someone by email with a role; the token is shown once, valid 7 days',
        params: ZIdParam,
        body: ZCreateInvitationRequest,
        response: { 201: ZCreateInvitationResponse, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const { row, token, emailed } = await createInvitation({
        ctx,
        actorId: authOf(req).userId,
        workspaceId: workspaceOf(req).id,
        input: req.body,
        ip: req.ip,
      });
      return reply.status(201).send({ ...presentInvitation(row), token, emailed });
    },
  );
  app.delete(
    '/api/workspaces/:id/invitations/:invitationId',
    {
      config: { access: { kind: 'workspace', minRole: 'admin' } },
      schema: {
        tags,
        summary: 'Withdraw a pending invitation',
        params: z.object({ id: z.uuid(), invitationId: z.uuid() }),
        response: { 204: none('Withdrawn'), ...errorResponses(401, 403, 404) },
      },
    },
    async (req, reply) => {
      await revokeInvitation({
        db: ctx.db,
        workspaceId: workspaceOf(req).id,
        invitationId: req.params.invitationId,
        actorId: authOf(req).userId,
        ip: req.ip,
      });
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/invitations/:token/accept',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags,
        summary: 'Accept an invitation sent to my email',
        params: ZInvitationTokenParam,
        response: { 200: ZWorkspace, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (req) => {
      const { workspaceId, role } = await acceptInvitation({
        db: ctx.db,
        requireVerifiedEmail: ctx.config.requireEmailVerification,
        memberships: ctx.memberships,
        userId: authOf(req).userId,
        token: req.params.token,
        ip: req.ip,
      });
      return presentWorkspace(await getWorkspace({ db: ctx.db, workspaceId }), role);
    },
  );
};
