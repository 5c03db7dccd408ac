import { AppError, type TCollectionSummary, type TUpdateCollectionRequest } from '@apiplay/core';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { collections } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';
import type { SecretBox } from '../../infra/secrets';
import { toSummary } from '../../presenters/collections';
import { recordAudit } from '../audit/record-audit';
import { sealVariables } from '../environments/seal-variables';

/** Rename or change collection-level description, auth, variables or scripts. */
export async function updateCollection(opts: {
  db: DbOrTx;
  box: SecretBox;
  collectionId: string;
  input: TUpdateCollectionRequest;
  userId: string;
  events: EventBus;
  /** The caller's address, for the audit trail. */
  ip?: string;
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
  const row = await opts.db.transaction(async (tx) => {
    const [r] = await tx
      .update(collections)
      .set({ ...input, revision: sql`${collections.revision} + 1`, updatedAt: new Date() })
      .where(eq(collections.id, opts.collectionId))
      .returning();
    if (!r) {
      throw new AppError('NOT_FOUND', 'Collection not found');
    }
    await recordAudit(tx, {
      action: 'collection.updated',
      actorId: opts.userId,
      workspaceId: r.workspaceId,
      targetType: 'collection',
      targetId: r.id,
      ip: opts.ip,
      meta: { fields: Object.keys(opts.input) },
    });
    return r;
  });
  const updated = toSummary(row);
  opts.events.publish({
    type: 'collection.updated',
    workspaceId: updated.workspaceId,
    actorId: opts.userId,
    data: { collection: updated },
  });
  return updated;
}
