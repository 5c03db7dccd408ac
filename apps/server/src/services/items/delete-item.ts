import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { collectionItems } from '../../db/schema';
import { getItemRow } from './get-item-row';
import type { ItemRow } from './item-doc';
import { touchCollection } from './tree';

/** Delete a folder (with everything under it, by cascade) or a request. Returns the deleted row. */
export async function deleteItem(opts: { db: Db; itemId: string }): Promise<ItemRow> {
  return opts.db.transaction(async (tx) => {
    const row = await getItemRow(tx, opts.itemId);
    await tx.delete(collectionItems).where(eq(collectionItems.id, row.id));
    await touchCollection(tx, row.collectionId);
    return row;
  });
}
