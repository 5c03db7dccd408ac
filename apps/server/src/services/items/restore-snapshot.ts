import { AppError, type TItemResponse } from '@apiplay/core';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { collectionItems, requestSnapshots } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';
import { toItemResponse } from '../../presenters/items';
import { recordAudit } from '../audit/record-audit';
import { getItemRow } from './get-item-row';
import { itemToData, normalizeItem } from './item-doc';
import { saveSnapshot } from './save-snapshot';
import { touchCollection } from './tree';

/** Put a request back to a saved version; the restore is itself a save (new snapshot). */
export async function restoreSnapshot(opts: {
  db: Db;
  itemId: string;
  snapshotId: string;
  userId: string;
  /** Live events: the change is published to the workspace once committed. */
  events: EventBus;
  workspaceId: string;
  /** The caller's address, for the audit trail. */
  ip?: string;
}): Promise<TItemResponse> {
  const result = await opts.db.transaction(async (tx) => {
    const row = await getItemRow(tx, opts.itemId, 'request');
    const [snap] = await tx
      .select()
      .from(requestSnapshots)
      .where(and(eq(requestSnapshots.id, opts.snapshotId), eq(requestSnapshots.itemId, row.id)))
      .limit(1);
    if (!snap) {
      throw new AppError('NOT_FOUND', 'Snapshot not found');
    }
    const item = normalizeItem({ ...snap.data, type: 'request', id: row.id });
    const [updated] = await tx
      .update(collectionItems)
      .set({ name: item.name, data: itemToData(item), updatedBy: opts.userId, updatedAt: new Date() })
      .where(eq(collectionItems.id, row.id))
      .returning();
    if (!updated) {
      throw new AppError('NOT_FOUND', 'Request not found');
    }
    await saveSnapshot(tx, updated, opts.userId);
    await touchCollection(tx, row.collectionId);
    await recordAudit(tx, {
      action: 'snapshot.restored',
      actorId: opts.userId,
      workspaceId: opts.workspaceId,
      targetType: 'item',
      targetId: updated.id,
      ip: opts.ip,
      meta: { snapshotId: opts.snapshotId },
    });
    return toItemResponse(updated);
  });
  opts.events.publish({
    type: 'item.updated',
    workspaceId: opts.workspaceId,
    actorId: opts.userId,
    data: result,
  });
  return result;
}
