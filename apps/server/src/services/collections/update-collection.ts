import { AppError, type TCollectionSummary, type TUpdateCollectionRequest } from '@apiplay/core';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { collections } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';
import type { SecretBox } from '../../infra/secrets';
import { toSummary } from '../../presenters/collections';
import { sealVariables } from '../environments/seal-variables';

/** Rename or change collection-level description, auth, variables or scripts. */
export async function updateCollection(opts: {
  db: DbOrTx;
  box: SecretBox;
  collectionId: string;
  input: TUpdateCollectionRequest;
  userId: string;
  events: EventBus;
}): Promise<TCollectionSummary> {
  const input = { ...opts.input };
  if (input.variables) {
    // Secrets sealed; one sent back masked keeps its stored value.
    const [stored] = await opts.db
      .select({ variables: collections.variables })
      .from(collections)
      .where(eq(collections.id, opts.collectionId))
      .limit(1);
    input.variables = sealVariables(opts.box, input.variables, stored?.variables ?? []);
  }
  const [row] = await opts.db
    .update(collections)
    .set({ ...input, revision: sql`${collections.revision} + 1`, updatedAt: new Date() })
    .where(eq(collections.id, opts.collectionId))
    .returning();
  if (!row) {
    throw new AppError('NOT_FOUND', 'Collection not found');
  }
  const updated = toSummary(row);
  opts.events.publish({
    type: 'collection.updated',
    workspaceId: updated.workspaceId,
    actorId: opts.userId,
    data: { collection: updated },
  });
  return updated;
}
