import { randomUUID } from 'node:crypto';
import { getTableColumns, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { historyEntries } from '../../db/schema';

export type HistoryRowInput = typeof historyEntries.$inferInsert & { id: string; createdAt: Date };

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
const written = Object.entries(getTableColumns(historyEntries)).filter(([key]) => key !== 'seq');
const columnList = sql.raw(written.map(([, c]) => `"${c.name}"`).join(', '));
const recordType = sql.raw(written.map(([, c]) => `"${c.name}" ${c.getSQLType()}`).join(', '));

/**
 * All rows as one jsonb parameter expanded by jsonb_to_recordset: on PGlite this costs ≈ half of Drizzle's
 * multi-row VALUES (17 bound parameters per row, each built and encoded separately).
 */
function insertBatch(db: DbOrTx, rows: readonly HistoryRowInput[]) {
  const records = rows.map((row) =>
    Object.fromEntries(written.map(([key, c]) => [c.name, row[key as keyof HistoryRowInput] ?? null])),
  );
  return db.execute(sql`insert into ${historyEntries} (${columnList})
    select ${columnList} from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(${recordType})`);
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
  { delayMs = 50, maxBatch = 64, maxPending = 256 }: HistoryWriterOptions = {},
) {
  let pending: HistoryRowInput[] = [];
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> | null = null;

  async function write(batch: HistoryRowInput[]): Promise<void> {
    try {
      await insertBatch(db, batch);
    } catch {
      for (const row of batch) {
        // Drizzle's own insert: a different encoding path, so it also saves rows the JSON route cannot carry.
        await db
          .insert(historyEntries)
          .values(row)
          .catch((error: unknown) => onError(new HistoryWriteError(row.id, error)));
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
    async add(row: Omit<HistoryRowInput, 'id' | 'createdAt'>): Promise<string> {
      while (pending.length >= maxPending) {
        await flush();
      }
      const id = randomUUID();
      pending.push({ ...row, id, createdAt: new Date() });
      if (pending.length >= maxBatch) {
        void flush();
      } else {
        timer ??= setTimeout(() => {
          timer = null;
          void flush();
        }, delayMs);
      }
      return id;
    },
    flush,
  };
}
export type HistoryWriter = ReturnType<typeof createHistoryWriter>;
