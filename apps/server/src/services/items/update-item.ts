import { AppError, type TItemResponse, type TUpdateItemRequest } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { collectionItems } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';
import type { SecretBox } from '../../infra/secrets';
import { toItemResponse } from '../../presenters/items';
import { recordAudit } from '../audit/record-audit';
import { sealVariables } from '../environments/seal-variables';
import { getItemRow } from './get-item-row';
import { itemToData, normalizeItem, rowToItem } from './item-doc';
import { saveSnapshot } from './save-snapshot';
import { touchCollection } from './tree';

const requestOnly = ['method', 'url', 'headers', 'body', 'settings'] as const;
const folderOnly = ['variables'] as const;

/** Change a folder's or request's fields; every save of a request keeps a snapshot. */
export async function updateItem(opts: {
  db: Db;
  box: SecretBox;
  itemId: string;
  userId: string;
  /** Live events: the change is published to the workspace once committed. */
  events: EventBus;
  workspaceId: string;
  input: TUpdateItemRequest;
  /** The caller's address, for the audit trail. */
  ip?: string;
}): Promise<TItemResponse> {
  const result = await opts.db.transaction(async (tx) => {
    const row = await getItemRow(tx, opts.itemId);
    const wrong = (row.type === 'folder' ? requestOnly : folderOnly).filter(
      (k) => opts.input[k] !== undefined,
    );
    if (wrong.length > 0) {
      throw new AppError('VALIDATION_FAILED', `A ${row.type} has no field ${wrong.join(', ')}`, {
        issues: wrong.map((field) => ({ field: `body.${field}`, message: `not a ${row.type} field` })),
      });
    }
    const stored = rowToItem(row);
    const merged = normalizeItem({ ...stored, ...opts.input });
    // A folder's secrets sealed; one sent back masked keeps its stored value.
    const next =
      merged.type === 'folder' && stored.type === 'folder' && opts.input.variables
        ? { ...merged, variables: sealVariables(opts.box, merged.variables, stored.variables) }
        : merged;
    const [updated] = await tx
      .update(collectionItems)
      .set({ name: next.name, data: itemToData(next), updatedBy: opts.userId, updatedAt: new Date() })
      .where(eq(collectionItems.id, row.id))
      .returning();
    if (!updated) {
      throw new AppError('NOT_FOUND', 'Item not found');
    }
    await saveSnapshot(tx, updated, opts.userId);
    await touchCollection(tx, row.collectionId);
    await recordAudit(tx, {
      action: 'item.updated',
      actorId: opts.userId,
      workspaceId: opts.workspaceId,
      targetType: 'item',
      targetId: updated.id,
      ip: opts.ip,
      meta: { fields: Object.keys(opts.input) },
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
