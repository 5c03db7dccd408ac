import { AppError, type TItemResponse, type TMoveItemRequest } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { collectionItems } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';
import { toItemResponse } from '../../presenters/items';
import { recordAudit } from '../audit/record-audit';
import { getItemRow } from './get-item-row';
import {
  assertFolderParent,
  assertNestingDepth,
  keyForPosition,
  subtreeHeight,
  touchCollection,
  treeShape,
} from './tree';

/** Move an item under another folder (or the root) and/or reorder it: one row gets a new parent and sort key. */
export async function moveItem(opts: {
  db: Db;
  itemId: string;
  userId: string;
  /** Live events: the change is published to the workspace once committed. */
  events: EventBus;
  workspaceId: string;
  input: TMoveItemRequest;
  /** The caller's address, for the audit trail. */
  ip?: string;
}): Promise<TItemResponse> {
  const result = await opts.db.transaction(async (tx) => {
    const row = await getItemRow(tx, opts.itemId);
    const { parentId, position } = opts.input;
    await assertFolderParent(tx, row.collectionId, parentId);
    if (parentId !== null) {
      // Walk up from the new parent: reaching the moved item means it would become its own ancestor.
      const shape = await treeShape(tx, row.collectionId);
      const { parentOf } = shape;
      for (let at: string | null | undefined = parentId; at; at = parentOf.get(at)) {
        if (at === row.id) {
          throw new AppError('BAD_REQUEST', 'A folder cannot be moved into itself or its descendants');
        }
      }
      if (row.type === 'folder') {
        await assertNestingDepth(tx, {
          collectionId: row.collectionId,
          parentId,
          height: subtreeHeight(shape, row.id),
          field: 'body.parentId',
          parentOf,
        });
      }
    }
    const sortKey = await keyForPosition(tx, {
      collectionId: row.collectionId,
      parentId,
      position,
      movingId: row.id,
    });
    const [moved] = await tx
      .update(collectionItems)
      .set({ parentId, sortKey, updatedBy: opts.userId, updatedAt: new Date() })
      .where(eq(collectionItems.id, row.id))
      .returning();
    if (!moved) {
      throw new AppError('NOT_FOUND', 'Item not found');
    }
    await touchCollection(tx, row.collectionId);
    await recordAudit(tx, {
      action: 'item.moved',
      actorId: opts.userId,
      workspaceId: opts.workspaceId,
      targetType: 'item',
      targetId: moved.id,
      ip: opts.ip,
      meta: { parentId: opts.input.parentId },
    });
    return toItemResponse(moved);
  });
  opts.events.publish({
    type: 'item.moved',
    workspaceId: opts.workspaceId,
    actorId: opts.userId,
    data: result,
  });
  return result;
}
