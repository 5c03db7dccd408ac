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
import type { FastifyTypeProviderDefault } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, workspaceOf } from '../../plugins/auth';
import { createCollection } from '../../services/collections/create-collection';
import { deleteCollection } from '../../services/collections/delete-collection';
import { listCollections } from '../../services/collections/list-collections';
import { revealCollectionTree } from '../../services/collections/reveal-collection-tree';
import { updateCollection } from '../../services/collections/update-collection';
import { ownerOf, treeOwner } from '../owner-of';

const tags = ['collections'];
const byCollection = ownerOf('collection');

/** Collections: list/create in a workspace, whole tree, update, delete. */
export const collectionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, trees } = app.ctx;

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
      const created = await createCollection({
        db,
        box: app.ctx.secretBox,
        events: app.ctx.events,
        workspaceId: workspaceOf(req).id,
        userId: authOf(req).userId,
        ip: req.ip,
        input: req.body,
      });
      return reply.code(201).send(created);
    },
  );

  // No response schema: the tree is validated by core's CollectionFormat once per revision and served from the
  // serialized cache (see tree-cache.ts); a response schema would re-validate 5,000 requests on every read.
  // Registered without the Zod type provider: the reply is the cached JSON text, which Fastify sends as is.
  app.withTypeProvider<FastifyTypeProviderDefault>().get(
    '/api/collections/:id',
    {
      schema: {
        tags,
        summary: 'Get a collection with its whole tree; ?reveal=1 shows secrets (editors, audit-logged)',
        params: ZIdParam,
        querystring: ZRevealQuery,
        response: { 200: ZCollectionTree },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: treeOwner } },
    },
    async (req, reply) => {
      const collectionId = (req.params as { id: string }).id;
      const json = (req.query as { reveal?: boolean }).reveal
        ? JSON.stringify(
            await revealCollectionTree({
              db,
              box: app.ctx.secretBox,
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
      return updateCollection({
        db,
        box: app.ctx.secretBox,
        events: app.ctx.events,
        collectionId: req.params.id,
        userId: authOf(req).userId,
        ip: req.ip,
        input: req.body,
      });
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
      await deleteCollection({
        db,
        events: app.ctx.events,
        collectionId: req.params.id,
        workspaceId: workspaceOf(req).id,
        userId: authOf(req).userId,
        ip: req.ip,
      });
      return reply.code(204).send(null);
    },
  );
};
