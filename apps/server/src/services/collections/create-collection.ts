import type { TCreateCollectionRequest } from '@apiplay/core';
import { ZCollectionV1 } from '@apiplay/core';
import type { Db } from '../../db/client';
import { collections } from '../../db/schema';
import { insertSubtree } from '../items/insert-subtree';
import { assertTreeHeight } from '../items/tree';
import { toSummary } from './present';

/** Create a collection, optionally with a whole tree (imports). One transaction. */
export async function createCollection(opts: {
  db: Db;
  workspaceId: string;
  userId: string;
  input: TCreateCollectionRequest;
  /** Named when the tree nests too deep (400); an import names its file. */
  field?: string;
}) {
  assertTreeHeight(opts.input.items ?? [], opts.field ?? 'body.items');
  // Defaults come from the saved format so a new collection is a valid v1 document from the start.
  const doc = ZCollectionV1.parse({ v: 1, id: 'new', ...opts.input, items: opts.input.items ?? [] });
  return opts.db.transaction(async (tx) => {
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
        field: opts.field ?? 'body.items',
      });
    }
    return toSummary(row);
  });
}
