import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { historyEntries } from '../db/schema';
import type { AppMetrics } from './telemetry/app-metrics';

export type HistoryRowInput = typeof historyEntries.$inferInsert & { id: string; createdAt: Date };
type QueuedRow = Omit<HistoryRowInput, 'id' | 'createdAt'>;
/** A queued row and the two values the writer adds, kept apart: copying the row into a new object costs more. */
interface Pending {
  id: string;
  createdAt: Date;
  row: QueuedRow;
}

/** A row that could not be written, even on its own: reported (with its id) instead of vanishing. */
export class HistoryWriteError extends Error {
  constructor(
    readonly historyId: string,
    cause: unknown,
  ) {
    super(`history entry ${historyId} could not be recorded: ${String(cause)}`, { cause });
    this.name = 'HistoryWriteError';
  }
}

export interface HistoryWriterOptions {
  /** Counts written and failed rows. */
  metrics?: Pick<AppMetrics, 'historyWritten'>;
  /**
   * Wait this long after the first queued row so executions share one insert: on PGlite a statement costs
   * ≈1 ms of CPU whatever its size, so even at a modest 100 req/s this writes ~5 rows per statement.
   */
  delayMs?: number;
  /** Rows per insert; reaching it flushes at once. */
  maxBatch?: number;
  /** Rows held in memory at most (bodies up to the inline cap each); `add` waits for a flush beyond it. */
  maxPending?: number;
}

// Every column but the identity `seq`; the statement and the JSON records are derived from the schema.
const written = Object.entries(getTableColumns(historyEntries))
  .filter(([key]) => key !== 'seq')
  .map(([key, c]) => ({ key: key as keyof HistoryRowInput, name: c.name, type: c.getSQLType() }))
  .map((c) => ({
    ...c,
    read:
      c.key === 'id'
        ? (p: Pending) => p.id
        : c.key === 'createdAt'
          ? (p: Pending) => p.createdAt
          : (p: Pending) => p.row[c.key as keyof QueuedRow],
  }));
const columns = written.map((c) => `"${c.name}"`).join(', ');
const recordType = written.map((c) => `"${c.name}" ${c.type}`).join(', ');
const insertText = `insert into "${getTableName(historyEntries)}" (${columns})
    select ${columns} from jsonb_to_recordset($1::jsonb) as r(${recordType})`;

/** The rows as jsonb_to_recordset reads them: column names as keys, absent values as JSON null. */
function recordsJson(rows: readonly Pending[]): string {
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const c of written) {
      record[c.name] = c.read(row) ?? null;
    }
    return record;
  });
  return JSON.stringify(records);
}

const JSONB_OID = 3802;
/**
 * PGlite hands a Uint8Array parameter to Postgres as is, in binary format, where it would otherwise count the
 * UTF-8 length of the JSON text character by character in JavaScript (≈15% of the insert's CPU for ≈2 KB rows).
 * The serializer returns the bytes unchanged (PGlite's type says string, its code accepts a Uint8Array).
 */
const binaryParameters = { serializers: { [JSONB_OID]: (value: unknown) => value as string } };

/** jsonb's binary input format: a version byte (1), then the JSON text in UTF-8. */
function binaryJsonb(json: string): Buffer {
  const bytes = Buffer.allocUnsafe(Buffer.byteLength(json) + 1);
  bytes[0] = 1;
  bytes.write(json, 1);
  return bytes;
}

function pgliteOf(db: DbOrTx): PGlite | null {
  const client: unknown = '$client' in db ? db.$client : undefined;
  return client instanceof PGlite ? client : null;
}

/**
 * All rows as one jsonb parameter expanded by jsonb_to_recordset: on PGlite this costs ≈ half of Drizzle's
 * multi-row VALUES (17 bound parameters per row, each built and encoded separately). On PGlite the statement
 * goes to the client directly with the parameter in binary form; on PostgreSQL through Drizzle as text.
 */
async function insertBatch(db: DbOrTx, rows: readonly Pending[]): Promise<void> {
  const json = recordsJson(rows);
  const pglite = pgliteOf(db);
  if (pglite) {
    await pglite.query(insertText, [binaryJsonb(json)], binaryParameters);
    return;
  }
  await db.execute(sql`insert into ${historyEntries} (${sql.raw(columns)})
    select ${sql.raw(columns)} from jsonb_to_recordset(${json}::jsonb) as r(${sql.raw(recordType)})`);
}

/**
 * Takes history inserts off the execution's response path: rows are queued and written up to `delayMs` later
 * in one multi-row insert. Readers in this process call `flush()` first, so they always see their own writes;
 * another instance may see an entry up to `delayMs` later. The queue is bounded (`add` waits when it is
 * full), shutdown flushes it, and a batch that fails is retried row by row so one bad row (e.g. its workspace
 * was just deleted) costs only itself: each row that still fails goes to `onError` as a HistoryWriteError.
 */
export function createHistoryWriter(
  db: DbOrTx,
  onError: (error: unknown) => void,
  { delayMs = 50, maxBatch = 64, maxPending = 256, metrics }: HistoryWriterOptions = {},
) {
  let pending: Pending[] = [];
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> | null = null;

  async function write(batch: Pending[]): Promise<void> {
    try {
      await insertBatch(db, batch);
      metrics?.historyWritten.inc({ outcome: 'written' }, batch.length);
    } catch {
      for (const { id, createdAt, row } of batch) {
        // Drizzle's own insert: a different encoding path, so it also saves rows the JSON route cannot carry.
        await db
          .insert(historyEntries)
          .values({ ...row, id, createdAt })
          .then(
            () => metrics?.historyWritten.inc({ outcome: 'written' }),
            (error: unknown) => {
              metrics?.historyWritten.inc({ outcome: 'failed' });
              onError(new HistoryWriteError(id, error));
            },
          );
      }
    }
  }

  async function drain(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending.slice(0, maxBatch);
      pending = pending.slice(batch.length);
      await write(batch);
    }
  }

  /** Resolves once every row queued so far has been written (or reported). */
  function flush(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    flushing ??= drain().finally(() => {
      flushing = null;
    });
    return flushing;
  }

  return {
    /** Queue a row; resolves with its id at once, or after a flush when the queue is full. */
    async add(row: QueuedRow): Promise<string> {
      while (pending.length >= maxPending) {
        await flush();
      }
      const id = randomUUID();
      pending.push({ id, createdAt: new Date(), row });
      if (pending.length >= maxBatch) {
        flush().catch(onError);
      } else {
        timer ??= setTimeout(() => {
          timer = null;
          flush().catch(onError);
        }, delayMs);
      }
      return id;
    },
    flush,
    /** Rows queued and not yet written (metrics). */
    pending: () => pending.length,
  };
}
export type HistoryWriter = ReturnType<typeof createHistoryWriter>;
