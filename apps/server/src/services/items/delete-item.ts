import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { collectionItems } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';
import { recordAudit } from '../audit/record-audit';
import { getItemRow } from './get-item-row';
import type { ItemRow } from './item-doc';
import { touchCollection } from './tree';

/** Delete a folder (with everything under it, by cascade) or a request. Returns the deleted row. */
export async function deleteItem(opts: {
  db: Db;
  itemId: string;
  userId: string;
  /** Live events: the change is published to the workspace once committed. */
  events: EventBus;
  workspaceId: string;
  /** The caller's address, for the audit trail. */
  ip?: string;
}): Promise<ItemRow> {
  const result = await opts.db.transaction(async (tx) => {
    const row = await getItemRow(tx, opts.itemId);
    await tx.delete(collectionItems).where(eq(collectionItems.id, row.id));
    await touchCollection(tx, row.collectionId);
    await recordAudit(tx, {
      action: 'item.deleted',
      actorId: opts.userId,
      workspaceId: opts.workspaceId,
      targetType: 'item',
      targetId: row.id,
      ip: opts.ip,
      meta: { type: row.type, name: row.name, collectionId: row.collectionId },
    });
    return row;
  });
  opts.events.publish({
    type: 'item.deleted',
    workspaceId: opts.workspaceId,
    actorId: opts.userId,
    data: { collectionId: result.collectionId, itemId: result.id, parentId: result.parentId },
  });
  return result;
}
