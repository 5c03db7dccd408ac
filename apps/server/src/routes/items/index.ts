import {
  ZCreateItemRequest,
  ZIdParam,
  ZItemResponse,
  ZMoveItemRequest,
  ZSnapshotList,
  ZSnapshotParams,
  ZUpdateItemRequest,
} from '@apiplay/core';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, workspaceOf } from '../../plugins/auth';
import { toItemResponse } from '../../presenters/items';
import { createItem } from '../../services/items/create-item';
import { deleteItem } from '../../services/items/delete-item';
import { duplicateItem } from '../../services/items/duplicate-item';
import { getItemRow } from '../../services/items/get-item-row';
import { listSnapshots } from '../../services/items/list-snapshots';
import { moveItem } from '../../services/items/move-item';
import { restoreSnapshot } from '../../services/items/restore-snapshot';
import { updateItem } from '../../services/items/update-item';
import { ownerOf } from '../owner-of';

const tags = ['collections'];
const byCollection = ownerOf('collection');
const byItem = ownerOf('item');
const editor = { kind: 'workspace', minRole: 'editor', resolve: byItem } as const;

/** Folders and requests inside collections, snapshots of requests. */
export const itemRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;
  const live = (req: FastifyRequest) => ({
    events: app.ctx.events,
    workspaceId: workspaceOf(req).id,
    userId: authOf(req).userId,
    ip: req.ip,
  });

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
        box: app.ctx.secretBox,
        collectionId: req.params.id,
        input: req.body,
        ...live(req),
      });
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
        box: app.ctx.secretBox,
        itemId: req.params.id,
        input: req.body,
        ...live(req),
      });
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
      await deleteItem({ db, itemId: req.params.id, ...live(req) });
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
        input: req.body,
        ...live(req),
      });
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
          ...(kind ? { kind } : {}),
          ...live(req),
        });
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
        ...live(req),
      });
      return restored;
    },
  );
};
