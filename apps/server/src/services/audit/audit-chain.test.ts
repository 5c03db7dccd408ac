import { asc, count, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client';
import { appMeta, auditEvents } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test';
import { AUDIT_HEAD_KEY, recordAudit } from './record-audit';
import { sealAuditChain } from './seal-audit-chain';
import { verifyAuditChain } from './verify-audit-chain';

// The hash chain against a real database: appends from several connections at once (with TEST_DATABASE_URL, two
// pools on one PostgreSQL database, as two server instances would be), then edits and deletions made behind the
// server's back, which verifyAuditChain must name.

let t: TestApp;
let second: Database | null = null;

beforeAll(async () => {
  t = await createTestApp({ env: { DATABASE_POOL_MAX: '8' } });
  const url = t.ctx.config.databaseUrl;
  if (url !== undefined) {
    second = await openDatabase({ kind: 'postgres', url, poolMax: 8 });
  }
});
afterAll(async () => {
  await second?.close();
  await t.close();
});

const ids = async () =>
  (await t.ctx.db.select({ id: auditEvents.id }).from(auditEvents).orderBy(asc(auditEvents.id))).map(
    (r) => r.id,
  );

describe('audit hash chain', () => {
  it('stays one chain when many appends race (two pools on PostgreSQL)', async () => {
    const handles = [t.ctx.db, second?.db ?? t.ctx.db];
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        recordAudit(handles[i % 2] ?? t.ctx.db, {
          action: 'workspace.updated',
          targetType: 'workspace',
          targetId: `w${i}`,
          meta: { i, nested: { b: 2, a: [1, 'x'] }, big: 12345678901234 },
        }),
      ),
    );
    const [total] = await t.ctx.db.select({ n: count() }).from(auditEvents);
    const result = await verifyAuditChain({ db: t.ctx.db });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.checked).toBe(Number(total?.n));
    expect(result.checked).toBeGreaterThanOrEqual(60);
    const [last] = await t.ctx.db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
    expect(result.head).toEqual({ id: String(last?.id), hash: last?.hash });
  });

  it('records odd text (NUL, lone surrogates) as jsonb can keep it, and the chain still checks', async () => {
    await recordAudit(t.ctx.db, {
      action: 'workspace.updated',
      meta: { name: 'a\u0000b\ud800c', list: ['\udfff'] },
    });
    const [last] = await t.ctx.db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
    expect(last?.meta).toEqual({ name: 'a\ufffdb\ufffdc', list: ['\ufffd'] });
    expect((await verifyAuditChain({ db: t.ctx.db })).ok).toBe(true);
  });

  it('names an edited event, and is whole again once the edit is undone', async () => {
    const [, third] = await ids();
    if (third === undefined) {
      throw new Error('no events');
    }
    const [before] = await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.id, third));
    await t.ctx.db
      .update(auditEvents)
      .set({ meta: { i: 999 } })
      .where(eq(auditEvents.id, third));
    const edited = await verifyAuditChain({ db: t.ctx.db });
    expect(edited.ok).toBe(false);
    expect(edited.problems).toEqual([expect.objectContaining({ id: String(third), kind: 'edited' })]);
    await t.ctx.db
      .update(auditEvents)
      .set({ meta: before?.meta ?? null })
      .where(eq(auditEvents.id, third));
    expect((await verifyAuditChain({ db: t.ctx.db })).ok).toBe(true);
    // A changed timestamp or actor is an edit too.
    await t.ctx.db.update(auditEvents).set({ ip: '10.6.6.6' }).where(eq(auditEvents.id, third));
    expect((await verifyAuditChain({ db: t.ctx.db })).problems).toEqual([
      expect.objectContaining({ id: String(third), kind: 'edited' }),
    ]);
    await t.ctx.db
      .update(auditEvents)
      .set({ ip: before?.ip ?? null })
      .where(eq(auditEvents.id, third));
  });

  it('names the event after a deleted one, and a deleted newest event', async () => {
    const all = await ids();
    const victim = all[10];
    const next = all[11];
    await t.ctx.db.delete(auditEvents).where(eq(auditEvents.id, victim ?? 0));
    const gap = await verifyAuditChain({ db: t.ctx.db });
    expect(gap.problems).toEqual([expect.objectContaining({ id: String(next), kind: 'gap' })]);

    const newest = all.at(-1);
    await t.ctx.db.delete(auditEvents).where(eq(auditEvents.id, newest ?? 0));
    const tail = await verifyAuditChain({ db: t.ctx.db });
    expect(tail.problems).toEqual([
      expect.objectContaining({ id: String(next), kind: 'gap' }),
      expect.objectContaining({ id: String(newest), kind: 'gap' }),
    ]);
    expect(tail.problems[1]?.message).toContain('at the end were deleted');
  });

  it('seals events from before the chain once, and never re-seals a removed hash', async () => {
    // A database as an older version left it: events without hashes and no chain head.
    await t.ctx.db.delete(auditEvents);
    await t.ctx.db.delete(appMeta).where(eq(appMeta.key, AUDIT_HEAD_KEY));
    await t.ctx.db.execute(sql`
      INSERT INTO audit_events (action, actor_id, meta, created_at)
      VALUES ('auth.login', NULL, '{"z": 1, "a": {"y": [1, 2]}}', now() - interval '2 days'),
             ('auth.logout', NULL, NULL, now() - interval '1 day')`);
    expect(await sealAuditChain(t.ctx.db)).toBe(2);
    expect(await sealAuditChain(t.ctx.db)).toBe(0);
    await recordAudit(t.ctx.db, { action: 'auth.register' });
    const sealed = await verifyAuditChain({ db: t.ctx.db });
    expect(sealed).toMatchObject({ ok: true, checked: 3 });

    const [first] = await ids();
    await t.ctx.db
      .update(auditEvents)
      .set({ hash: null })
      .where(eq(auditEvents.id, first ?? 0));
    expect(await sealAuditChain(t.ctx.db)).toBe(0);
    const unsealed = await verifyAuditChain({ db: t.ctx.db });
    expect(unsealed.problems.map((p) => p.kind)).toContain('unsealed');
  });
});
