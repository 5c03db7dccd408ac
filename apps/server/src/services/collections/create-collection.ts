import type { TCreateCollectionRequest } from '@apiplay/core';
import { ZCollectionV1 } from '@apiplay/core';
import type { Db } from '../../db/client';
import { collections } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';
import { mapFolderVariables, type SecretBox } from '../../infra/secrets';
import { toSummary } from '../../presenters/collections';
import { recordAudit } from '../audit/record-audit';
import { sealVariables } from '../environments/seal-variables';
import { insertSubtree } from '../items/insert-subtree';
import { assertTreeHeight } from '../items/tree';

/** Create a collection, optionally with a whole tree (imports). One transaction. */
export async function createCollection(opts: {
  db: Db;
  box: SecretBox;
  workspaceId: string;
  userId: string;
  input: TCreateCollectionRequest;
  /** Publishes `collection.created` once committed; omitted by imports, which publish nothing per collection. */
  events?: EventBus;
  /** Named when the tree nests too deep (400); an import names its file. */
  field?: string;
  /** The caller's address, for the audit trail. */
  ip?: string;
}) {
  assertTreeHeight(opts.input.items ?? [], opts.field ?? 'body.items');
  // Defaults come from the saved format so a new collection is a valid v1 document from the start.
  const doc = ZCollectionV1.parse({ v: 1, id: 'new', ...opts.input, items: opts.input.items ?? [] });
  // Secret variables of the collection and of every folder are stored encrypted, like environments'.
  const seal = (variables: Parameters<typeof sealVariables>[1]) => sealVariables(opts.box, variables, []);
  const created = await opts.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(collections)
      .values({
        workspaceId: opts.workspaceId,
        name: doc.name,
        description: doc.description,
        auth: doc.auth,
        variables: seal(doc.variables),
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
        items: mapFolderVariables(doc.items, seal),
        userId: opts.userId,
        field: opts.field ?? 'body.items',
      });
    }
    await recordAudit(tx, {
      action: 'collection.created',
      actorId: opts.userId,
      workspaceId: opts.workspaceId,
      targetType: 'collection',
      targetId: row.id,
      ip: opts.ip,
      meta: { name: row.name },
    });
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
