import { maskSecrets, secretPatterns, type TVariable } from '@apiplay/core';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { collectionItems, collections, environments } from '../../db/schema';
import type { SecretBox } from '../../infra/secrets';

/**
 * What to mask for every secret the workspace holds now (globals, environments, collections, folders), for
 * response bodies shown to a viewer: a body is stored as received, so it is masked when read, not when recorded.
 */
export async function workspaceSecretPatterns(opts: {
  db: DbOrTx;
  box: SecretBox;
  workspaceId: string;
}): Promise<string[]> {
  const { db, box, workspaceId } = opts;
  const lists: (readonly TVariable[])[] = [];
  for (const row of await db
    .select({ variables: environments.variables })
    .from(environments)
    .where(eq(environments.workspaceId, workspaceId))) {
    lists.push(row.variables);
  }
  for (const row of await db
    .select({ variables: collections.variables })
    .from(collections)
    .where(eq(collections.workspaceId, workspaceId))) {
    lists.push(row.variables);
  }
  for (const row of await db
    .select({ data: collectionItems.data })
    .from(collectionItems)
    .where(and(eq(collectionItems.workspaceId, workspaceId), eq(collectionItems.type, 'folder')))) {
    const variables = row.data.variables;
    if (Array.isArray(variables)) {
      lists.push(variables as TVariable[]);
    }
  }
  const values: string[] = [];
  for (const list of lists) {
    for (const v of list) {
      if (v.secret && typeof v.value === 'string') {
        values.push(box.isSealed(v.value) ? box.decrypt(v.value) : v.value);
      }
    }
  }
  return secretPatterns(values);
}

/**
 * `value` as a caller with `role` may see it: unchanged for editors and up; for a viewer, every secret of the
 * workspace masked (response bodies are stored as received; everything else was masked when recorded).
 */
export async function maskForRole<T>(
  opts: { db: DbOrTx; box: SecretBox; workspaceId: string; role: string },
  value: T,
): Promise<T> {
  if (opts.role !== 'viewer') {
    return value;
  }
  return maskSecrets(value, await workspaceSecretPatterns(opts));
}
