import { AppError } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { collectionItems } from '../../db/schema';
import type { ItemRow } from './item-doc';

/** One item row or NOT_FOUND; `kind` narrows to requests when the route is request-only. */
export async function getItemRow(db: DbOrTx, itemId: string, kind?: 'request' | 'folder'): Promise<ItemRow> {
  const [row] = await db.select().from(collectionItems).where(eq(collectionItems.id, itemId)).limit(1);
  if (!row || (kind !== undefined && row.type !== kind)) {
    throw new AppError('NOT_FOUND', kind === 'request' ? 'Request not found' : 'Item not found');
  }
  return row;
}
