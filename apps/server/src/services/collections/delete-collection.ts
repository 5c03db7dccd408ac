import { AppError } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { collections } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';

/** Delete a collection and (by cascade) every folder, request and snapshot in it. */
export async function deleteCollection(opts: {
  db: DbOrTx;
  collectionId: string;
  workspaceId: string;
  userId: string;
  events: EventBus;
}): Promise<void> {
  const rows = await opts.db
    .delete(collections)
    .where(eq(collections.id, opts.collectionId))
    .returning({ id: collections.id });
  if (rows.length === 0) {
    throw new AppError('NOT_FOUND', 'Collection not found');
  }
  opts.events.publish({
    type: 'collection.deleted',
    workspaceId: opts.workspaceId,
    actorId: opts.userId,
    data: { collectionId: opts.collectionId },
  });
}
