import { AppError, type TRunList, type TRunListQuery } from '@apiplay/core';
import { and, desc, eq, getTableColumns, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { runs } from '../../db/schema';
import { isUuid } from '../../policies/roles';
import { toRunSummary } from '../../presenters/runs';

const { report: _report, ...summaryColumns } = getTableColumns(runs);

/**
 * A workspace's runs, newest first. The cursor is the last run's id: the next page holds the runs ordered after
 * it by (created_at, id), compared in SQL so the timestamp keeps its microseconds.
 */
export async function listRuns(opts: {
  db: DbOrTx;
  workspaceId: string;
  query: TRunListQuery;
}): Promise<TRunList> {
  const { cursor, limit, collectionId, status } = opts.query;
  let after: SQL | undefined;
  if (cursor !== undefined) {
    const id = Buffer.from(cursor, 'base64url').toString('utf8');
    if (!isUuid(id)) {
      throw new AppError('BAD_REQUEST', 'Invalid cursor', { field: 'cursor' });
    }
    after = sql`(${runs.createdAt}, ${runs.id}) < (select c.created_at, c.id from runs c where c.id = ${id})`;
  }
  const rows = await opts.db
    .select({ ...summaryColumns, hasReport: sql<boolean>`${isNotNull(runs.report)}`.mapWith(Boolean) })
    .from(runs)
    .where(
      and(
        eq(runs.workspaceId, opts.workspaceId),
        collectionId === undefined ? undefined : eq(runs.collectionId, collectionId),
        status === undefined ? undefined : eq(runs.status, status),
        after,
      ),
    )
    .orderBy(desc(runs.createdAt), desc(runs.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toRunSummary),
    nextCursor: rows.length > limit && last ? Buffer.from(last.id).toString('base64url') : null,
  };
}
