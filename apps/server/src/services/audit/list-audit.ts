import { AppError, type TPage } from '@apiplay/core';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { auditEvents } from '../../db/schema';

export type AuditRow = typeof auditEvents.$inferSelect;

/** An audit page's cursor (the last id of the previous page) → that id; a 400 naming `query.cursor` otherwise. */
export function parseAuditCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) {
    return undefined;
  }
  const n = Number(cursor);
  if (!/^\d+$/.test(cursor) || !Number.isSafeInteger(n) || n <= 0) {
    throw new AppError('VALIDATION_FAILED', 'query.cursor: invalid cursor', {
      issues: [{ field: 'query.cursor', message: 'invalid cursor' }],
    });
  }
  return n;
}

/** One page of the events matching `conds`, newest first, after the cursor (ids only grow). */
export async function pageAuditEvents(
  db: Db,
  conds: SQL[],
  cursor: string | undefined,
  limit: number,
): Promise<TPage<AuditRow>> {
  const before = parseAuditCursor(cursor);
  const where = before === undefined ? conds : [...conds, lt(auditEvents.id, before)];
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? String(last.id) : null };
}

/** Newest first; the cursor is the last id of the previous page (ids only grow). */
export async function listAudit(opts: {
  db: Db;
  filter: { workspaceId: string } | { subjectUserId: string };
  cursor?: string | undefined;
  limit: number;
}): Promise<TPage<AuditRow>> {
  const scope =
    'workspaceId' in opts.filter
      ? eq(auditEvents.workspaceId, opts.filter.workspaceId)
      : eq(auditEvents.subjectUserId, opts.filter.subjectUserId);
  return pageAuditEvents(opts.db, [scope], opts.cursor, opts.limit);
}
