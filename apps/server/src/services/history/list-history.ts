import { AppError, type THistoryEntry, type THistoryList, type THistoryQuery } from '@apiplay/core';
import { and, desc, eq, gte, ilike, isNull, lt, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { historyEntries } from '../../db/schema';

export type HistoryRow = typeof historyEntries.$inferSelect;

export function toHistoryEntry(row: HistoryRow): THistoryEntry {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    userId: row.userId,
    requestItemId: row.requestItemId,
    runId: row.runId,
    method: row.method,
    url: row.url,
    status: row.status,
    durationMs: row.durationMs,
    request: row.request,
    response: row.response,
    body: row.body,
    bodyStored: row.bodyRef !== null,
    error: row.error,
    assertions: row.assertions,
    createdAt: row.createdAt.toISOString(),
  };
}

function statusFilter(status: THistoryQuery['status']): SQL | undefined {
  if (status === undefined) {
    return undefined;
  }
  if (status === 'error') {
    return isNull(historyEntries.status);
  }
  const base = Number(status[0]) * 100;
  return and(gte(historyEntries.status, base), lt(historyEntries.status, base + 100));
}

/** Newest first; the cursor is the last entry's sequence number. Filters: method, status class, URL text. */
export async function listHistory(opts: {
  db: DbOrTx;
  workspaceId: string;
  query: THistoryQuery;
}): Promise<THistoryList> {
  const { cursor, limit, q, method, status } = opts.query;
  let before: number | undefined;
  if (cursor !== undefined) {
    before = Number.parseInt(Buffer.from(cursor, 'base64url').toString('utf8'), 10);
    if (!Number.isSafeInteger(before)) {
      throw new AppError('BAD_REQUEST', 'Invalid cursor');
    }
  }
  const like = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const rows = await opts.db
    .select()
    .from(historyEntries)
    .where(
      and(
        eq(historyEntries.workspaceId, opts.workspaceId),
        before === undefined ? undefined : lt(historyEntries.seq, before),
        method ? eq(historyEntries.method, method.toUpperCase()) : undefined,
        statusFilter(status),
        like ? ilike(historyEntries.url, like) : undefined,
      ),
    )
    .orderBy(desc(historyEntries.seq))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toHistoryEntry),
    nextCursor: rows.length > limit && last ? Buffer.from(String(last.seq)).toString('base64url') : null,
  };
}
