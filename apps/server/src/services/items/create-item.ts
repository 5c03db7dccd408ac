import { AppError, type TCreateItemRequest } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { collectionItems, collections } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';
import type { SecretBox } from '../../infra/secrets';
import { toItemResponse } from '../../presenters/items';
import { recordAudit } from '../audit/record-audit';
import { sealVariables } from '../environments/seal-variables';
import { itemToData, normalizeItem } from './item-doc';
import { saveSnapshot } from './save-snapshot';
import { assertFolderParent, assertNestingDepth, keyForPosition, touchCollection } from './tree';

/** Create a folder or request in a collection, at a position among its siblings. */
export async function createItem(opts: {
  db: Db;
  box: SecretBox;
  collectionId: string;
  userId: string;
  /** Live events: the change is published to the workspace once committed. */
  events: EventBus;
  workspaceId: string;
  input: TCreateItemRequest;
  /** The caller's address, for the audit trail. */
  ip?: string;
}) {
  const { parentId = null, position, ...fields } = opts.input;
  const normalized = normalizeItem({ id: 'new', ...fields });
  const item =
    normalized.type === 'folder'
      ? { ...normalized, variables: sealVariables(opts.box, normalized.variables, []) }
      : normalized;
  const result = await opts.db.transaction(async (tx) => {
    const [collection] = await tx
      .select({ workspaceId: collections.workspaceId })
      .from(collections)
      .where(eq(collections.id, opts.collectionId))
      .limit(1);
    if (!collection) {
      throw new AppError('NOT_FOUND', 'Collection not found');
    }
    await assertFolderParent(tx, opts.collectionId, parentId);
    if (item.type === 'folder') {
      await assertNestingDepth(tx, {
        collectionId: opts.collectionId,
        parentId,
        height: 1,
        field: 'body.parentId',
      });
    }
    const sortKey = await keyForPosition(tx, { collectionId: opts.collectionId, parentId, position });
    const [row] = await tx
      .insert(collectionItems)
      .values({
        collectionId: opts.collectionId,
        workspaceId: collection.workspaceId,
        parentId,
        type: item.type,
        name: item.name,
        sortKey,
        data: itemToData(item),
        createdBy: opts.userId,
        updatedBy: opts.userId,
      })
      .returning();
    if (!row) {
      throw new Error('item insert returned nothing');
    }
    await saveSnapshot(tx, row, opts.userId);
    await touchCollection(tx, opts.collectionId);
    await recordAudit(tx, {
      action: 'item.created',
      actorId: opts.userId,
      workspaceId: opts.workspaceId,
      targetType: 'item',
      targetId: row.id,
      ip: opts.ip,
      meta: { type: row.type, name: row.name, collectionId: opts.collectionId },
    });
    return toItemResponse(row);
  });
  opts.events.publish({
    type: 'item.created',
    workspaceId: opts.workspaceId,
    actorId: opts.userId,
    data: result,
  });
  return result;
}
