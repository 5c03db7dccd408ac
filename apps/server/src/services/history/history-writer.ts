import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '../../db/client';
import { historyEntries } from '../../db/schema';

export type HistoryRowInput = typeof historyEntries.$inferInsert & { id: string };

/**
 * Takes history inserts off the execution's response path: rows are queued and written in one multi-row insert
 * on the next turn of the event loop. Readers in this process call `flush()` first, so they always see their own
 * writes; another instance may see an entry a few milliseconds later.
 */
export function createHistoryWriter(db: DbOrTx, onError: (error: unknown) => void) {
  let pending: HistoryRowInput[] = [];
  let scheduled = false;
  let flushing: Promise<void> | null = null;

  async function drain(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      await db.insert(historyEntries).values(batch);
    }
  }

  function flush(): Promise<void> {
    flushing ??= drain().finally(() => {
      flushing = null;
    });
    return flushing;
  }

  return {
    /** Queue a row; returns its id at once. */
    add(row: Omit<HistoryRowInput, 'id'>): string {
      const id = randomUUID();
      pending.push({ ...row, id });
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          flush().catch(onError);
        });
      }
      return id;
    },
    flush,
  };
}
export type HistoryWriter = ReturnType<typeof createHistoryWriter>;
