import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
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
  await migratePg(database.db as unknown as NodePgDatabase, { migrationsFolder: folder });
}
