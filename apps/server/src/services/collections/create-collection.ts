import type { TCreateCollectionRequest } from '@apiplay/core';
import { ZCollectionV1 } from '@apiplay/core';
import type { Db } from '../../db/client';
import { collections } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';
import { toSummary } from '../../presenters/collections';
import { insertSubtree } from '../items/insert-subtree';

/** Create a collection, optionally with a whole tree (imports). One transaction. */
export async function createCollection(opts: {
  db: Db;
  workspaceId: string;
  userId: string;
  input: TCreateCollectionRequest;
  /** Publishes `collection.created` once committed; omitted by imports, which publish nothing per collection. */
  events?: EventBus;
}) {
  // Defaults come from the saved format so a new collection is a valid v1 document from the start.
  const doc = ZCollectionV1.parse({ v: 1, id: 'new', ...opts.input, items: opts.input.items ?? [] });
  const created = await opts.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(collections)
      .values({
        workspaceId: opts.workspaceId,
        name: doc.name,
        description: doc.description,
        auth: doc.auth,
        variables: doc.variables,
        scripts: doc.scripts,
        createdBy: opts.userId,
      })
      .returning();
    if (!row) {
      throw new Error('collection insert returned nothing');
    }
    if (doc.items.length > 0) {
      await insertSubtree(tx, {
        collectionId: row.id,
        workspaceId: opts.workspaceId,
        parentId: null,
        items: doc.items,
        userId: opts.userId,
      });
    }
    return toSummary(row);
  });
  opts.events?.publish({
    type: 'collection.created',
    workspaceId: created.workspaceId,
    actorId: opts.userId,
    data: { collection: created },
  });
  return created;
}
