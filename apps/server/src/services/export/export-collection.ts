import { type ExportedFile, exportCollection, type TExportFormat } from '@apiplay/core';
import type { DbOrTx } from '../../db/client';
import { omitSecretValues } from '../../infra/secrets';
import { getCollectionTree } from '../collections/get-collection-tree';

/** A stored collection as a Postman v2.1, OpenAPI 3.1, HAR or curl file; secret variables have empty values. */
export async function exportStoredCollection(opts: {
  db: DbOrTx;
  collectionId: string;
  format: TExportFormat;
}): Promise<ExportedFile> {
  const tree = await getCollectionTree({
    db: opts.db,
    collectionId: opts.collectionId,
    secrets: omitSecretValues,
  });
  return exportCollection(tree, opts.format);
}
