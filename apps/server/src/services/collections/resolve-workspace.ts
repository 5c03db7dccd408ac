import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { collectionItems, collections } from '../../db/schema';
import { isUuid } from '../../policies/roles';

/** Workspace owning a collection (null when it does not exist), for the route access check. */
export async function workspaceOfCollection(db: DbOrTx, collectionId: unknown): Promise<string | null> {
  if (!isUuid(collectionId)) {
    return null;
  }
  const rows = await db
    .select({ workspaceId: collections.workspaceId })
    .from(collections)
    .where(eq(collections.id, collectionId))
    .limit(1);
  return rows[0]?.workspaceId ?? null;
}

/** Workspace owning an item (folder or request). */
export async function workspaceOfItem(db: DbOrTx, itemId: unknown): Promise<string | null> {
  if (!isUuid(itemId)) {
    return null;
  }
  const rows = await db
    .select({ workspaceId: collectionItems.workspaceId })
    .from(collectionItems)
    .where(eq(collectionItems.id, itemId))
    .limit(1);
  return rows[0]?.workspaceId ?? null;
}
