import { Readable } from 'node:stream';
import type { TAuditExportQuery } from '@apiplay/core';
import { stringify } from 'csv-stringify';
import type { Db } from '../../db/client';
import { presentAuditEvent } from '../../presenters/audit';
import { iterateAudit } from './list-instance-audit';
import { recordAudit } from './record-audit';

const CSV_COLUMNS = [
  'id',
  'createdAt',
  'action',
  'actorId',
  'subjectUserId',
  'workspaceId',
  'targetType',
  'targetId',
  'ip',
  'meta',
  'prevHash',
  'hash',
] as const;

/**
 * The instance audit log as a stream, oldest first: JSONL (one event per line, every field, so `apiplay admin
 * verify-audit --file` can re-check the chain offline) or CSV (csv-stringify; `meta` as a JSON cell). The export
 * itself is audited before the first byte.
 */
export async function exportAudit(opts: {
  db: Db;
  query: TAuditExportQuery;
  actorId: string;
  ip: string;
}): Promise<{ stream: Readable; contentType: string; fileName: string }> {
  const { format, ...filter } = opts.query;
  await recordAudit(opts.db, {
    action: 'audit.exported',
    actorId: opts.actorId,
    ip: opts.ip,
    meta: { format, filter },
  });
  const events = (async function* () {
    for await (const row of iterateAudit({ db: opts.db, filter })) {
      yield presentAuditEvent(row);
    }
  })();
  const stamp = new Date().toISOString().slice(0, 10);
  if (format === 'jsonl') {
    const lines = (async function* () {
      for await (const e of events) {
        yield `${JSON.stringify(e)}\n`;
      }
    })();
    return {
      stream: Readable.from(lines),
      contentType: 'application/x-ndjson',
      fileName: `audit-${stamp}.jsonl`,
    };
  }
  const csv = stringify({ header: true, columns: [...CSV_COLUMNS] });
  const rows = Readable.from(
    (async function* () {
      for await (const e of events) {
        yield { ...e, meta: e.meta === null ? '' : JSON.stringify(e.meta) };
      }
    })(),
  );
  rows.on('error', (error) => csv.destroy(error));
  return { stream: rows.pipe(csv), contentType: 'text/csv; charset=utf-8', fileName: `audit-${stamp}.csv` };
}
