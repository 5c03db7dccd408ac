import { AppError, type TItem, type TItemResponse } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { collectionItems } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';
import { toItemResponse } from '../../presenters/items';
import { recordAudit } from '../audit/record-audit';
import { assembleTree } from '../collections/get-collection-tree';
import { getItemRow } from './get-item-row';
import { insertSubtree } from './insert-subtree';
import { rowToItem } from './item-doc';
import { compareKeys, touchCollection } from './tree';

/** Copy a request or a folder with everything under it, placed right after the original as "<name> (copy)". */
export async function duplicateItem(opts: {
  db: Db;
  itemId: string;
  userId: string;
  /** Live events: the change is published to the workspace once committed. */
  events: EventBus;
  workspaceId: string;
  kind?: 'request';
  /** The caller's address, for the audit trail. */
  ip?: string;
}): Promise<TItemResponse> {
  const result = await opts.db.transaction(async (tx) => {
    const row = await getItemRow(tx, opts.itemId, opts.kind);
    const all = await tx
      .select()
      .from(collectionItems)
      .where(eq(collectionItems.collectionId, row.collectionId));
    const tree = assembleTree(all);
    function find(items: TItem[]): TItem | undefined {
      for (const item of items) {
        if (item.id === row.id) {
          return item;
        }
        const hit = item.type === 'folder' ? find(item.items) : undefined;
        if (hit) {
          return hit;
        }
      }
      return undefined;
    }
    const original = find(tree) ?? rowToItem(row);
    const next = all
      .filter((r) => r.parentId === row.parentId && compareKeys(r.sortKey, row.sortKey) > 0)
      .map((r) => r.sortKey)
      .sort(compareKeys)[0];
    const [id] = await insertSubtree(tx, {
      collectionId: row.collectionId,
      workspaceId: row.workspaceId,
      parentId: row.parentId,
      items: [{ ...original, name: `${original.name} (copy)` }],
      userId: opts.userId,
      afterKey: row.sortKey,
      beforeKey: next ?? null,
    });
    if (!id) {
      throw new AppError('INTERNAL', 'Duplicate failed');
    }
    await touchCollection(tx, row.collectionId);
    await recordAudit(tx, {
      action: 'item.duplicated',
      actorId: opts.userId,
      workspaceId: opts.workspaceId,
      targetType: 'item',
      targetId: id,
      ip: opts.ip,
      meta: { from: row.id },
    });
    return toItemResponse(await getItemRow(tx, id));
  });
  opts.events.publish({
    type: 'item.created',
    workspaceId: opts.workspaceId,
    actorId: opts.userId,
    data: result,
  });
  return result;
}
