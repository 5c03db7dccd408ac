import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { runMigrations } from './migrate';

const url = process.env.TEST_DATABASE_URL ?? '';

describe.skipIf(!url)('migrations when several instances boot at once (PostgreSQL)', () => {
  const name = `apiplay_migrate_${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });

  it('four instances migrate one fresh database together: all succeed, each migration applied once', async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    const instances = await Promise.all(
      Array.from({ length: 4 }, () => openDatabase({ kind: 'postgres', url: dbUrl.toString(), poolMax: 2 })),
    );
    try {
      const results = await Promise.allSettled(instances.map((d) => runMigrations(d)));
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual([
        'ok',
        'ok',
        'ok',
        'ok',
      ]);
      const c = new pg.Client({ connectionString: dbUrl.toString() });
      await c.connect();
      const { rows } = await c.query<{ n: string; d: string }>(
        'select count(*) as n, count(distinct hash) as d from drizzle.__drizzle_migrations',
      );
      await c.end();
      expect(Number(rows[0]?.n)).toBeGreaterThan(0);
      expect(rows[0]?.n).toBe(rows[0]?.d);
    } finally {
      await Promise.all(instances.map((d) => d.close()));
    }
  });
});
