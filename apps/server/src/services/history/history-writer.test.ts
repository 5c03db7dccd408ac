import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbOrTx } from '../../db/client';
import { historyEntries } from '../../db/schema';
import { buildUser, createTestApp, type TestApp, type TestUser } from '../../test';
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

/** The real database, with the statements the writer sends counted (nothing else changes). */
function countingDb() {
  const counts = { execute: 0, insert: 0 };
  const db = new Proxy(t.ctx.db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if ((prop === 'execute' || prop === 'insert') && typeof value === 'function') {
        return (...args: unknown[]) => {
          counts[prop] += 1;
          return value.apply(target, args);
        };
      }
      return value;
    },
  }) as DbOrTx;
  return { db, counts };
}

function writer(options: HistoryWriterOptions = {}) {
  const errors: unknown[] = [];
  const { db, counts } = countingDb();
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
    const id = await own.app.content.execution.history.add({
      ...row(),
      workspaceId: owner.personalWorkspaceId,
      userId: owner.id,
    });
    // What close runs (content runtime onClose) before the database goes away.
    await own.app.content.close();
    const rows = await own.ctx.db.select().from(historyEntries).where(eq(historyEntries.id, id));
    expect(rows).toHaveLength(1);
    await own.close();
  });
});
