import { AppError, type TPage } from '@apiplay/core';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { auditEvents } from '../../db/schema';

export type AuditRow = typeof auditEvents.$inferSelect;

function parseCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) {
    return undefined;
  }
  const n = Number(cursor);
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new AppError('VALIDATION_FAILED', 'query.cursor: invalid cursor', { field: 'query.cursor' });
  }
  return n;
}

/** Newest first; the cursor is the last id of the previous page (ids only grow). */
export async function listAudit(opts: {
  db: Db;
  filter: { workspaceId: string } | { subjectUserId: string };
  cursor?: string | undefined;
  limit: number;
}): Promise<TPage<AuditRow>> {
  const before = parseCursor(opts.cursor);
  const conds: SQL[] = [
    'workspaceId' in opts.filter
      ? eq(auditEvents.workspaceId, opts.filter.workspaceId)
      : eq(auditEvents.subjectUserId, opts.filter.subjectUserId),
  ];
  if (before !== undefined) {
    conds.push(lt(auditEvents.id, before));
  }
  const rows = await opts.db
    .select()
    .from(auditEvents)
    .where(and(...conds))
    .orderBy(desc(auditEvents.id))
    .limit(opts.limit + 1);
  const items = rows.slice(0, opts.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > opts.limit && last !== undefined ? String(last.id) : null };
}
