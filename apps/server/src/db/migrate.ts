import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { Database } from './client';

/**
 * The committed drizzle-kit migrations. In the source tree they sit beside this file; in the bundle
 * (`dist/main.js`) build.mjs copies them to `dist/migrations`.
 */
export function migrationsFolder(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'migrations'), join(here, 'db', 'migrations')];
  for (const c of candidates) {
    if (existsSync(join(c, 'meta', '_journal.json'))) {
      return c;
    }
  }
  throw new Error(`migrations folder not found (looked in ${candidates.join(', ')})`);
}

/** Applies pending migrations; idempotent. Runs at boot in both modes. */
export async function runMigrations(database: Database, folder = migrationsFolder()): Promise<void> {
  if (database.kind === 'pglite') {
    // The handle was built by drizzle-orm/pglite; the shared `Db` type hides the driver-specific subtype.
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: folder });
    return;
  }
  const { migrate: migratePg } = await import('drizzle-orm/node-postgres/migrator');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  // Several instances (replicas, workers) boot at once on one database: one migrates while the others wait on a
  // session advisory lock, then find nothing left to do. Without it they race on CREATE SCHEMA and the migrations.
  const pool = (database.db as unknown as { $client: import('pg').Pool }).$client;
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migratePg(drizzle({ client }), { migrationsFolder: folder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** Advisory lock key held while migrating (any fixed 64-bit number unique to this application). */
const MIGRATION_LOCK = 7_411_523_906;
