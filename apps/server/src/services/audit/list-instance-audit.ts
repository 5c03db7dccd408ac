import { AppError, type TAdminAuditQuery, type TPage } from '@apiplay/core';
import { and, asc, desc, eq, gt, gte, like, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { auditEvents } from '../../db/schema';
import type { AuditRow } from './list-audit';

export type AuditFilter = Omit<TAdminAuditQuery, 'cursor' | 'limit'>;

function cursorId(cursor: string | undefined): number | undefined {
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

/** SQL conditions of the admin audit filters; `action` ending in `.` matches the whole family (`auth.`). */
export function auditConditions(filter: AuditFilter): SQL[] {
  const conds: SQL[] = [];
  if (filter.action !== undefined && filter.action !== '') {
    conds.push(
      filter.action.endsWith('.')
        ? like(auditEvents.action, `${filter.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
        : eq(auditEvents.action, filter.action),
    );
  }
  if (filter.actorId !== undefined) {
    conds.push(eq(auditEvents.actorId, filter.actorId));
  }
  if (filter.workspaceId !== undefined) {
    conds.push(eq(auditEvents.workspaceId, filter.workspaceId));
  }
  if (filter.from !== undefined) {
    conds.push(gte(auditEvents.createdAt, new Date(filter.from)));
  }
  if (filter.to !== undefined) {
    conds.push(lt(auditEvents.createdAt, new Date(filter.to)));
  }
  return conds;
}

/** The instance-wide audit log, newest first, filtered; the cursor is the last id of the previous page. */
export async function listInstanceAudit(opts: { db: Db; query: TAdminAuditQuery }): Promise<TPage<AuditRow>> {
  const { query } = opts;
  const conds = auditConditions(query);
  const before = cursorId(query.cursor);
  if (before !== undefined) {
    conds.push(lt(auditEvents.id, before));
  }
  const rows = await opts.db
    .select()
    .from(auditEvents)
    .where(and(...conds))
    .orderBy(desc(auditEvents.id))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last !== undefined ? String(last.id) : null };
}

/** Every matching event, oldest first (chain order), read in batches so an export never holds the whole log. */
export async function* iterateAudit(opts: {
  db: Db;
  filter: AuditFilter;
  batch?: number;
}): AsyncGenerator<AuditRow> {
  const batch = opts.batch ?? 1000;
  let after = 0;
  for (;;) {
    const rows = await opts.db
      .select()
      .from(auditEvents)
      .where(and(...auditConditions(opts.filter), gt(auditEvents.id, after)))
      .orderBy(asc(auditEvents.id))
      .limit(batch);
    yield* rows;
    const last = rows.at(-1);
    if (last === undefined || rows.length < batch) {
      return;
    }
    after = last.id;
  }
}
