import { AppError } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { historyEntries } from '../../db/schema';
import type { HistoryRow } from './list-history';

/** One history row or NOT_FOUND. */
export async function getHistoryRow(db: DbOrTx, id: string): Promise<HistoryRow> {
  const [row] = await db.select().from(historyEntries).where(eq(historyEntries.id, id)).limit(1);
  if (!row) {
    throw new AppError('NOT_FOUND', 'History entry not found');
  }
  return row;
}
