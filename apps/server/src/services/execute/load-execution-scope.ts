import { AppError, type TCollection, type TFolder, type TRequestItem, type TVariable } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { collectionItems, collections } from '../../db/schema';
import type { SecretBox } from '../../infra/secrets';
import { getEnvironmentRow } from '../environments/get-environment-row';
import { ensureGlobalsRow } from '../environments/globals';
import { openVariables } from '../environments/seal-variables';
import { rowToItem } from '../items/item-doc';

/** Everything around a request that an execution needs: variables (decrypted), ancestors for inheritance. */
export interface ExecutionScope {
  environment: TVariable[];
  environmentName?: string;
  globals: TVariable[];
  collection?: Pick<TCollection, 'scripts' | 'auth' | 'variables'> & { id: string; name: string };
  /** Folders from the root down to the request's parent. */
  folders: TFolder[];
  /** The saved request, when executing one by id. */
  item?: TRequestItem;
}

/** Load environment, globals and (for a saved request or a given collection) the inherited tree context. */
export async function loadExecutionScope(opts: {
  db: DbOrTx;
  box: SecretBox;
  workspaceId: string;
  environmentId?: string | undefined;
  collectionId?: string | undefined;
  itemId?: string | undefined;
  /** Cached decrypted globals (the direct-execution hot path); read from the database when absent. */
  globals?: (workspaceId: string) => Promise<TVariable[]>;
}): Promise<ExecutionScope> {
  const scope: ExecutionScope = {
    environment: [],
    globals: opts.globals
      ? await opts.globals(opts.workspaceId)
      : openVariables(opts.box, (await ensureGlobalsRow(opts.db, opts.workspaceId)).variables),
    folders: [],
  };
  if (opts.environmentId) {
    // An environment of another workspace is "not found", never used.
    const env = await getEnvironmentRow(opts.db, opts.environmentId, opts.workspaceId);
    scope.environment = openVariables(opts.box, env.variables);
    scope.environmentName = env.name;
  }
  let collectionId = opts.collectionId;
  let rows: (typeof collectionItems.$inferSelect)[] = [];
  if (opts.itemId) {
    const [row] = await opts.db
      .select()
      .from(collectionItems)
      .where(eq(collectionItems.id, opts.itemId))
      .limit(1);
    if (row?.type !== 'request' || row.workspaceId !== opts.workspaceId) {
      // Another workspace's item is "not found" (never a hint that it exists).
      throw new AppError('NOT_FOUND', 'Request not found');
    }
    if (opts.collectionId && opts.collectionId !== row.collectionId) {
      throw new AppError('VALIDATION_FAILED', 'body.collectionId: is not the collection of itemId', {
        field: 'body.collectionId',
      });
    }
    collectionId = row.collectionId;
    rows = await opts.db
      .select()
      .from(collectionItems)
      .where(eq(collectionItems.collectionId, row.collectionId));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const chain: TFolder[] = [];
    for (let at = row.parentId; at; at = byId.get(at)?.parentId ?? null) {
      const folder = byId.get(at);
      if (folder) {
        const f = rowToItem(folder) as TFolder;
        chain.unshift({ ...f, variables: openVariables(opts.box, f.variables ?? []) });
      }
    }
    scope.folders = chain;
    scope.item = rowToItem(row) as TRequestItem;
  }
  if (collectionId) {
    const [c] = await opts.db.select().from(collections).where(eq(collections.id, collectionId)).limit(1);
    if (!c || c.workspaceId !== opts.workspaceId) {
      throw new AppError('NOT_FOUND', 'Collection not found');
    }
    scope.collection = {
      id: c.id,
      name: c.name,
      scripts: c.scripts,
      auth: c.auth,
      variables: openVariables(opts.box, c.variables),
    };
  }
  return scope;
}
