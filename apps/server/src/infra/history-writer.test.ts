import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbOrTx } from '../db/client';
import { historyEntries } from '../db/schema';
import { buildUser, createTestApp, type TestApp, type TestUser } from '../test';
import { createHistoryWriter, HistoryWriteError, type HistoryWriterOptions } from './history-writer';

let t: TestApp;
let user: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  user = await buildUser(t);
});
afterAll(() => t.close());

/** Long enough that only flush(), a full batch or a full queue writes anything during a test. */
const never = 60 * 60 * 1000;

/**
 * The real database, with the statements the writer sends counted (nothing else changes): Drizzle's `execute`
 * and `insert`, and on PGlite the batch insert the writer sends to the client directly (counted as `execute`).
 * `hideClient` leaves the PGlite client out, so the batch goes through Drizzle as it does on PostgreSQL.
 */
function countingDb({ hideClient = false } = {}) {
  const counts = { execute: 0, insert: 0 };
  const counted = <T extends object>(target: T, methods: Record<string, keyof typeof counts>): T =>
    new Proxy(target, {
      get(object, prop, receiver) {
        const value = Reflect.get(object, prop, receiver);
        const counter = typeof prop === 'string' ? methods[prop] : undefined;
        if (counter !== undefined && typeof value === 'function') {
          return (...args: unknown[]) => {
            counts[counter] += 1;
            return value.apply(object, args);
          };
        }
        if (prop === '$client' && typeof value === 'object' && value !== null) {
          return counted(value, { query: 'execute' });
        }
        return value;
      },
      has(object, prop) {
        return !(hideClient && prop === '$client') && Reflect.has(object, prop);
      },
    });
  const db = counted(t.ctx.db, { execute: 'execute', insert: 'insert' }) as DbOrTx;
  return { db, counts };
}

function writer(options: HistoryWriterOptions = {}, { hideClient = false } = {}) {
  const errors: unknown[] = [];
  const { db, counts } = countingDb({ hideClient });
  const w = createHistoryWriter(db, (e) => errors.push(e), { delayMs: never, ...options });
  return { w, errors, counts };
}

const row = (over: Partial<{ workspaceId: string; url: string; body: string | null }> = {}) => ({
  workspaceId: user.personalWorkspaceId,
  userId: user.id,
  method: 'POST',
  url: 'http://example.test/a?b=1',
  status: 201,
  durationMs: 12,
  request: { method: 'POST', url: 'http://example.test/a?b=1', headers: [{ key: 'X', value: 'é "q"' }] },
  response: null,
  body: 'line 1\nline 2 ✓',
  error: null,
  assertions: [{ name: 'ok', passed: true, skipped: false }],
  ...over,
});

const stored = (ids: string[]) =>
  t.ctx.db.select().from(historyEntries).where(inArray(historyEntries.id, ids));

describe('history writer', () => {
  it('writes queued rows in one insert on flush, every field as given', async () => {
    const { w, counts } = writer();
    const ids = [await w.add(row()), await w.add(row({ url: 'http://example.test/2' })), await w.add(row())];
    expect(await stored(ids)).toHaveLength(0);
    await w.flush();
    expect(counts).toEqual({ execute: 1, insert: 0 });
    const rows = await stored(ids);
    expect(rows).toHaveLength(3);
    const first = rows.find((r) => r.id === ids[0]);
    const { workspaceId, userId, method, status, durationMs, request, body, assertions } = row();
    expect(first).toMatchObject({
      workspaceId,
      userId,
      method,
      status,
      durationMs,
      request,
      body,
      assertions,
    });
    // JSON null lands as SQL NULL, like Drizzle's own insert would write it.
    expect(first?.response).toBeNull();
    expect(first?.error).toBeNull();
    expect(first?.requestItemId).toBeNull();
    // Queue order is seq order.
    const bySeq = [...rows].sort((a, b) => a.seq - b.seq).map((r) => r.id);
    expect(bySeq).toEqual(ids);
  });

  it('writes the same rows through Drizzle when it has no PGlite client (PostgreSQL)', async () => {
    const direct = writer();
    const viaDrizzle = writer({}, { hideClient: true });
    const a = await direct.w.add(row());
    const b = await viaDrizzle.w.add(row());
    await Promise.all([direct.w.flush(), viaDrizzle.w.flush()]);
    expect(viaDrizzle.counts).toEqual({ execute: 1, insert: 0 });
    const rows = await stored([a, b]);
    const strip = (r: (typeof rows)[number] | undefined) => ({ ...r, id: '', seq: 0, createdAt: null });
    expect(rows).toHaveLength(2);
    expect(strip(rows.find((r) => r.id === b))).toEqual(strip(rows.find((r) => r.id === a)));
  });

  it('writes by itself after the delay, in batches of maxBatch', async () => {
    const { w, counts } = writer({ delayMs: 1, maxBatch: 2 });
    const ids = await Promise.all([w.add(row()), w.add(row()), w.add(row()), w.add(row()), w.add(row())]);
    await w.flush();
    expect(await stored(ids)).toHaveLength(5);
    expect(counts.execute).toBe(3);
  });

  it('makes add wait when the queue is full, until queued rows are written', async () => {
    const { w } = writer({ maxPending: 2 });
    const ids = [await w.add(row()), await w.add(row())];
    const third = await w.add(row());
    expect(await stored(ids)).toHaveLength(2);
    expect(await stored([third])).toHaveLength(0);
    await w.flush();
    expect(await stored([third])).toHaveLength(1);
  });

  it('reports a row that cannot be written and still writes the rest of its batch', async () => {
    const { w, errors } = writer();
    const good = await w.add(row());
    // No such workspace: the foreign key refuses this row, and with it the batch's single insert.
    const bad = await w.add(row({ workspaceId: randomUUID() }));
    const alsoGood = await w.add(row());
    await w.flush();
    expect((await stored([good, alsoGood, bad])).map((r) => r.id).sort()).toEqual([good, alsoGood].sort());
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(HistoryWriteError);
    expect((errors[0] as HistoryWriteError).historyId).toBe(bad);
  });

  it('flush includes rows queued while a batch is being written', async () => {
    const { w } = writer({ maxBatch: 1 });
    const first = await w.add(row());
    const inFlight = w.flush();
    const late = await w.add(row());
    await inFlight;
    await w.flush();
    expect(await stored([first, late])).toHaveLength(2);
  });

  it("the app's writer is flushed when the app closes", async () => {
    const own = await createTestApp();
    const owner = await buildUser(own);
    const id = await own.app.ctx.history.add({
      ...row(),
      workspaceId: owner.personalWorkspaceId,
      userId: owner.id,
    });
    // What the table holds at the moment the app closes its database (AppContext.close flushes first).
    const database = own.ctx.database;
    const closeDatabase = database.close.bind(database);
    let rows: unknown[] = [];
    database.close = async () => {
      rows = await own.ctx.db.select().from(historyEntries).where(eq(historyEntries.id, id));
      await closeDatabase();
    };
    await own.close();
    expect(rows).toHaveLength(1);
  });
});
