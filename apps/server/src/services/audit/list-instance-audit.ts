import type { TAdminAuditQuery, TPage } from '@apiplay/core';
import { and, asc, eq, gt, gte, like, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { auditEvents } from '../../db/schema';
import { type AuditRow, pageAuditEvents } from './list-audit';

export type AuditFilter = Omit<TAdminAuditQuery, 'cursor' | 'limit'>;

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
  return pageAuditEvents(opts.db, auditConditions(opts.query), opts.query.cursor, opts.query.limit);
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
