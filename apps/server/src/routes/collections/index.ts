import {
  ZCollectionList,
  ZCollectionSummary,
  ZCollectionTree,
  ZCreateCollectionRequest,
  ZIdParam,
  ZPageQuery,
  ZRevealQuery,
  ZUpdateCollectionRequest,
} from '@apiplay/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { authOf, workspaceOf } from '../../plugins/auth';
import { createCollection } from '../../services/collections/create-collection';
import { deleteCollection } from '../../services/collections/delete-collection';
import { listCollections } from '../../services/collections/list-collections';
import { workspaceOfCollection } from '../../services/collections/resolve-workspace';
import { revealCollectionTree } from '../../services/collections/reveal-collection-tree';
import { createTreeCache } from '../../services/collections/tree-cache';
import { updateCollection } from '../../services/collections/update-collection';

const tags = ['collections'];
const byCollection = (req: FastifyRequest, ctx: AppContext) =>
  workspaceOfCollection(ctx.db, (req.params as { id?: unknown }).id);

/** Collections: list/create in a workspace, whole tree, update, delete. */
export async function collectionRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx;
  const trees = createTreeCache();

  app.get(
    '/api/workspaces/:id/collections',
    {
      schema: {
        tags,
        summary: 'List collections',
        params: ZIdParam,
        querystring: ZPageQuery,
        response: { 200: ZCollectionList },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer' } },
    },
    async (req) =>
      listCollections({ db, workspaceId: req.params.id, cursor: req.query.cursor, limit: req.query.limit }),
  );

  app.post(
    '/api/workspaces/:id/collections',
    {
      schema: {
        tags,
        summary: 'Create a collection',
        params: ZIdParam,
        body: ZCreateCollectionRequest,
        response: { 201: ZCollectionSummary },
      },
      config: { access: { kind: 'workspace', minRole: 'editor' } },
    },
    async (req, reply) => {
      const actorId = authOf(req).userId;
      const created = await createCollection({
        db,
        box: app.content.secretBox,
        workspaceId: workspaceOf(req).id,
        userId: actorId,
        input: req.body,
      });
      app.content.events.publish({
        type: 'collection.created',
        workspaceId: created.workspaceId,
        actorId,
        data: { collection: created },
      });
      return reply.code(201).send(created);
    },
  );

  // No response schema: the tree is validated by core's CollectionFormat once per revision and served from the
  // serialized cache (see tree-cache.ts); a response schema would re-validate 5,000 requests on every read.
  // Registered on the untyped instance: the reply is the cached JSON text, which Fastify sends as is.
  root.get(
    '/api/collections/:id',
    {
      schema: {
        tags,
        summary: 'Get a collection with its whole tree; ?reveal=1 shows secrets (editors, audit-logged)',
        params: ZIdParam,
        querystring: ZRevealQuery,
        response: { 200: ZCollectionTree },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byCollection } },
    },
    async (req, reply) => {
      const collectionId = (req.params as { id: string }).id;
      const json = (req.query as { reveal?: boolean }).reveal
        ? JSON.stringify(
            await revealCollectionTree({
              db,
              box: app.content.secretBox,
              collectionId,
              actor: { userId: authOf(req).userId, role: workspaceOf(req).role, ip: req.ip },
            }),
          )
        : await trees.get(db, collectionId);
      return reply.header('content-type', 'application/json; charset=utf-8').send(json);
    },
  );

  app.patch(
    '/api/collections/:id',
    {
      schema: {
        tags,
        summary: 'Update a collection',
        params: ZIdParam,
        body: ZUpdateCollectionRequest,
        response: { 200: ZCollectionSummary },
      },
      config: { access: { kind: 'workspace', minRole: 'editor', resolve: byCollection } },
    },
    async (req) => {
      const updated = await updateCollection({
        db,
        box: app.content.secretBox,
        collectionId: req.params.id,
        input: req.body,
      });
      app.content.events.publish({
        type: 'collection.updated',
        workspaceId: updated.workspaceId,
        actorId: authOf(req).userId,
        data: { collection: updated },
      });
      return updated;
    },
  );

  app.delete(
    '/api/collections/:id',
    {
      schema: {
        tags,
        summary: 'Delete a collection and everything in it',
        params: ZIdParam,
        response: { 204: z.null().describe('Deleted') },
      },
      config: { access: { kind: 'workspace', minRole: 'editor', resolve: byCollection } },
    },
    async (req, reply) => {
      await deleteCollection({ db, collectionId: req.params.id });
      app.content.events.publish({
        type: 'collection.deleted',
        workspaceId: workspaceOf(req).id,
        actorId: authOf(req).userId,
        data: { collectionId: req.params.id },
      });
      return reply.code(204).send(null);
    },
  );
}
