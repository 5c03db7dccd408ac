import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './client';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('PostgreSQL pool (TEST_DATABASE_URL)', () => {
  const name = `apiplay_test_pool_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  afterAll(() => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));

  it('survives its idle connections being terminated, and the next query reconnects', async () => {
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    const dbUrl = new URL(url ?? '');
    dbUrl.pathname = `/${name}`;
    const database = await openDatabase({ kind: 'postgres', url: dbUrl.toString(), poolMax: 2 });
    try {
      await database.ping();
      const terminated = await admin((c) =>
        c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]),
      );
      expect(terminated.rowCount).toBeGreaterThan(0);
      // The idle client's error arrives asynchronously; without a pool listener it would crash this process.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const result = (await database.db.execute(sql`select 1 as one`)) as { rows: unknown[] };
      expect(result.rows[0]).toEqual({ one: 1 });
    } finally {
      await database.close();
    }
  });
});
