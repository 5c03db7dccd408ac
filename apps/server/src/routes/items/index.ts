import {
  ZCreateItemRequest,
  ZIdParam,
  ZItemResponse,
  ZMoveItemRequest,
  ZSnapshotList,
  ZSnapshotParams,
  ZUpdateItemRequest,
} from '@apiplay/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { authOf, workspaceOf } from '../../plugins/auth';
import { workspaceOfCollection, workspaceOfItem } from '../../services/collections/resolve-workspace';
import { createItem } from '../../services/items/create-item';
import { deleteItem } from '../../services/items/delete-item';
import { duplicateItem } from '../../services/items/duplicate-item';
import { getItemRow } from '../../services/items/get-item-row';
import { listSnapshots } from '../../services/items/list-snapshots';
import { moveItem } from '../../services/items/move-item';
import { toItemResponse } from '../../services/items/present';
import { restoreSnapshot } from '../../services/items/restore-snapshot';
import { updateItem } from '../../services/items/update-item';

const tags = ['collections'];
const idOf = (req: FastifyRequest) => (req.params as { id?: unknown }).id;
const byCollection = (req: FastifyRequest, ctx: AppContext) => workspaceOfCollection(ctx.db, idOf(req));
const byItem = (req: FastifyRequest, ctx: AppContext) => workspaceOfItem(ctx.db, idOf(req));
const editor = { kind: 'workspace', minRole: 'editor', resolve: byItem } as const;

/** Folders and requests inside collections, snapshots of requests. */
export async function itemRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx;
  const publish = (
    req: FastifyRequest,
    type: 'item.created' | 'item.updated' | 'item.moved' | 'item.deleted',
    data: Record<string, unknown>,
  ) =>
    app.content.events.publish({ type, workspaceId: workspaceOf(req).id, actorId: authOf(req).userId, data });

  app.post(
    '/api/collections/:id/items',
    {
      schema: {
        tags,
        summary: 'Create a folder or request',
        params: ZIdParam,
        body: ZCreateItemRequest,
        response: { 201: ZItemResponse },
      },
      config: { access: { kind: 'workspace', minRole: 'editor', resolve: byCollection } },
    },
    async (req, reply) => {
      const created = await createItem({
        db,
        box: app.content.secretBox,
        collectionId: req.params.id,
        userId: authOf(req).userId,
        input: req.body,
      });
      publish(req, 'item.created', created);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/items/:id',
    {
      schema: {
        tags,
        summary: 'Get one folder (without children) or request',
        params: ZIdParam,
        response: { 200: ZItemResponse },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byItem } },
    },
    async (req) => {
      return toItemResponse(await getItemRow(db, req.params.id));
    },
  );

  app.patch(
    '/api/items/:id',
    {
      schema: {
        tags,
        summary: 'Update or rename a folder or request (saves a snapshot of requests)',
        params: ZIdParam,
        body: ZUpdateItemRequest,
        response: { 200: ZItemResponse },
      },
      config: { access: editor },
    },
    async (req) => {
      const updated = await updateItem({
        db,
        box: app.content.secretBox,
        itemId: req.params.id,
        userId: authOf(req).userId,
        input: req.body,
      });
      publish(req, 'item.updated', updated);
      return updated;
    },
  );

  app.delete(
    '/api/items/:id',
    {
      schema: {
        tags,
        summary: 'Delete a folder (with its children) or request',
        params: ZIdParam,
        response: { 204: z.null().describe('Deleted') },
      },
      config: { access: editor },
    },
    async (req, reply) => {
      const row = await deleteItem({ db, itemId: req.params.id });
      publish(req, 'item.deleted', {
        collectionId: row.collectionId,
        itemId: row.id,
        parentId: row.parentId,
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/items/:id/move',
    {
      schema: {
        tags,
        summary: 'Move or reorder an item',
        params: ZIdParam,
        body: ZMoveItemRequest,
        response: { 200: ZItemResponse },
      },
      config: { access: editor },
    },
    async (req) => {
      const moved = await moveItem({
        db,
        itemId: req.params.id,
        userId: authOf(req).userId,
        input: req.body,
      });
      publish(req, 'item.moved', moved);
      return moved;
    },
  );

  for (const [path, kind] of [
    ['/api/items/:id/duplicate', undefined],
    ['/api/requests/:id/duplicate', 'request'],
  ] as const) {
    app.post(
      path,
      {
        schema: {
          tags,
          summary: 'Duplicate an item (folders deep)',
          params: ZIdParam,
          response: { 201: ZItemResponse },
        },
        config: { access: editor },
      },
      async (req, reply) => {
        const copy = await duplicateItem({
          db,
          itemId: req.params.id,
          userId: authOf(req).userId,
          ...(kind ? { kind } : {}),
        });
        publish(req, 'item.created', copy);
        return reply.code(201).send(copy);
      },
    );
  }

  app.get(
    '/api/requests/:id/snapshots',
    {
      schema: {
        tags,
        summary: 'Saved versions of a request (last 50)',
        params: ZIdParam,
        response: { 200: ZSnapshotList },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byItem } },
    },
    async (req) => {
      await getItemRow(db, req.params.id, 'request');
      return listSnapshots({ db, itemId: req.params.id });
    },
  );

  app.post(
    '/api/requests/:id/snapshots/:snapId/restore',
    {
      schema: {
        tags,
        summary: 'Restore a saved version of a request',
        params: ZSnapshotParams,
        response: { 200: ZItemResponse },
      },
      config: { access: editor },
    },
    async (req) => {
      const restored = await restoreSnapshot({
        db,
        itemId: req.params.id,
        snapshotId: req.params.snapId,
        userId: authOf(req).userId,
      });
      publish(req, 'item.updated', restored);
      return restored;
    },
  );
}
