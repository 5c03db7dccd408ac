import type { TCollection, TItem, TVariable } from '@apiplay/core';
import type { DbOrTx } from '../../db/client';
import type { SecretBox } from '../../infra/secrets';
import { getCollectionTree } from '../collections/get-collection-tree';
import { openVariables } from '../environments/seal-variables';
import { loadExecutionScope } from '../execute/load-execution-scope';
import { secretValues } from '../history/mask-secrets';

export interface LoadInputs {
  collection: TCollection;
  environment: TVariable[];
  environmentName: string | undefined;
  globals: TVariable[];
  /** Every secret value in scope (error messages saved with the run are masked with them). */
  secrets: string[];
  hasScripts: boolean;
}

function anyScript(
  node: { scripts: { preRequest: string; test: string } },
  items: readonly TItem[],
): boolean {
  if (node.scripts.preRequest.trim() !== '' || node.scripts.test.trim() !== '') {
    return true;
  }
  return items.some((child) => anyScript(child, child.type === 'folder' ? child.items : []));
}

function folderVariables(items: readonly TItem[], out: TVariable[] = []): TVariable[] {
  for (const item of items) {
    if (item.type === 'folder') {
      out.push(...item.variables);
      folderVariables(item.items, out);
    }
  }
  return out;
}

/** The collection (secrets opened, to execute) and the variables a load run of it uses. */
export async function loadInputs(opts: {
  db: DbOrTx;
  box: SecretBox;
  workspaceId: string;
  collectionId: string;
  environmentId: string | undefined;
}): Promise<LoadInputs> {
  const tree = await getCollectionTree({
    db: opts.db,
    collectionId: opts.collectionId,
    secrets: (variables) => openVariables(opts.box, variables),
  });
  const scope = await loadExecutionScope({
    db: opts.db,
    box: opts.box,
    workspaceId: opts.workspaceId,
    environmentId: opts.environmentId,
  });
  const { workspaceId: _w, revision: _r, createdAt: _c, updatedAt: _u, ...collection } = tree;
  return {
    collection,
    environment: scope.environment,
    environmentName: scope.environmentName,
    globals: scope.globals,
    secrets: secretValues([
      ...scope.environment,
      ...scope.globals,
      ...collection.variables,
      ...folderVariables(collection.items),
    ]),
    hasScripts: anyScript(collection, collection.items),
  };
}
