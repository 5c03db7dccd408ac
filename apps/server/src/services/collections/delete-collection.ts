import { AppError } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { collections } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';
import { recordAudit } from '../audit/record-audit';

/** Delete a collection and (by cascade) every folder, request and snapshot in it. */
export async function deleteCollection(opts: {
  db: DbOrTx;
  collectionId: string;
  workspaceId: string;
  userId: string;
  events: EventBus;
  /** The caller's address, for the audit trail. */
  ip?: string;
}): Promise<void> {
  await opts.db.transaction(async (tx) => {
    const rows = await tx
      .delete(collections)
      .where(eq(collections.id, opts.collectionId))
      .returning({ id: collections.id, name: collections.name });
    const gone = rows[0];
    if (gone === undefined) {
      throw new AppError('NOT_FOUND', 'Collection not found');
    }
    await recordAudit(tx, {
      action: 'collection.deleted',
      actorId: opts.userId,
      workspaceId: opts.workspaceId,
      targetType: 'collection',
      targetId: gone.id,
      ip: opts.ip,
      meta: { name: gone.name },
    });
  });
  opts.events.publish({
    type: 'collection.deleted',
    workspaceId: opts.workspaceId,
    actorId: opts.userId,
    data: { collectionId: opts.collectionId },
  });
}
