import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { loadConfig } from '../config/env';
import { openDatabase, pgliteDataDir } from '../db/client';
import { auditEvents } from '../db/schema';
import { loadPgliteTemplate } from '../test/pglite-template';
import { runAdmin } from './run-admin';

// `apiplay admin verify-audit` on an embedded installation the real app wrote to: intact, then with an event
// edited in the database behind the server's back; and on a JSONL export from the admin API, intact and edited.

const dir = mkdtempSync(join(tmpdir(), 'apiplay-verify-audit-'));
const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dir };
const exportFile = join(dir, 'audit.jsonl');

async function admin(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdmin(args, () => loadConfig(env), {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  const config = loadConfig(env);
  const database = await openDatabase({
    kind: 'pglite',
    dataDir: pgliteDataDir(config.dataDir),
    loadDataDir: await loadPgliteTemplate(),
  });
  const app = await buildApp(config, { database });
  try {
    const register = await app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'admin@verify.test', name: 'Admin', password: 'plum-velvet-42' },
    });
    const headers = { authorization: `Bearer ${register.json().accessToken}` };
    await app.inject({ method: 'POST', url: '/api/workspaces', headers, payload: { name: 'Team' } });
    await app.inject({ method: 'PATCH', url: '/api/auth/me', headers, payload: { name: 'Ada' } });
    const exported = await app.inject({
      method: 'GET',
      url: '/api/admin/audit/export?format=jsonl',
      headers,
    });
    expect(exported.statusCode, exported.body).toBe(200);
    writeFileSync(exportFile, exported.body);
  } finally {
    await app.close();
  }
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('apiplay admin verify-audit', () => {
  it('passes an intact installation and an intact export', async () => {
    const db = await admin(['verify-audit']);
    expect(db.code, db.err).toBe(0);
    expect(db.out).toMatch(/audit chain intact: \d+ events checked/);
    const file = await admin(['verify-audit', '--file', exportFile]);
    expect(file.code, file.err).toBe(0);
    expect(file.out).toContain('intact');
  });

  it('exits 1 naming an event edited in the database', async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir: pgliteDataDir(dir) });
    let id = 0;
    try {
      const [last] = await database.db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
      id = last?.id ?? 0;
      await database.db.update(auditEvents).set({ action: 'auth.login' }).where(eq(auditEvents.id, id));
    } finally {
      await database.close();
    }
    const res = await admin(['verify-audit', '--json']);
    expect(res.code).toBe(1);
    const report = JSON.parse(res.out);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ id: String(id), kind: 'edited' })]);
  });

  it('exits 1 on an export with a line edited or removed', async () => {
    const lines = readFileSync(exportFile, 'utf8').trim().split('\n');
    const edited = lines.map((l, i) => (i === 1 ? l.replace('"action":"', '"action":"x') : l));
    writeFileSync(join(dir, 'edited.jsonl'), `${edited.join('\n')}\n`);
    const res = await admin(['verify-audit', '--file', join(dir, 'edited.jsonl')]);
    expect(res.code).toBe(1);
    expect(res.out).toContain('edited: event');
    const removed = lines.filter((_l, i) => i !== 1);
    writeFileSync(join(dir, 'removed.jsonl'), `${removed.join('\n')}\n`);
    const gap = await admin(['verify-audit', '--file', join(dir, 'removed.jsonl')]);
    expect(gap.code).toBe(1);
    expect(gap.out).toContain('gap: event');
  });

  it('refuses a file that is not an export', async () => {
    writeFileSync(join(dir, 'junk.jsonl'), '{"hello": 1}\n');
    const res = await admin(['verify-audit', '--file', join(dir, 'junk.jsonl')]);
    expect(res.code).toBe(1);
    expect(res.err).toContain('line 1: not an audit event');
  });
});
