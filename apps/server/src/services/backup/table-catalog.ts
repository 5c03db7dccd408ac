import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';

/**
 * What backup and restore need to know about the application's tables, read from PostgreSQL's catalog rather than
 * from the Drizzle schema, so a table added by a later migration is included without touching this code.
 */

async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  return (result as unknown as { rows: T[] }).rows;
}

/** The application's tables (schema `public`), by name. */
export async function listTables(db: DbOrTx): Promise<string[]> {
  const found = await rows<{ name: string }>(
    db,
    sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
  );
  return found.map((r) => r.name);
}

/** The columns a row can be inserted with (generated columns are computed, not restored). */
export async function insertableColumns(db: DbOrTx, table: string): Promise<string[]> {
  const found = await rows<{ name: string }>(
    db,
    sql`SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = ${table} AND is_generated = 'NEVER'
        ORDER BY ordinal_position`,
  );
  return found.map((r) => r.name);
}

/** Columns fed by a sequence (identity or serial), whose sequence must continue after the restored rows. */
export async function sequenceColumns(db: DbOrTx): Promise<{ table: string; column: string }[]> {
  return rows(
    db,
    sql`SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
        WHERE table_schema = 'public'
          AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`,
  );
}

/** Every foreign key between the application's tables, with the text that re-creates it. */
export async function foreignKeys(
  db: DbOrTx,
): Promise<{ table: string; name: string; definition: string }[]> {
  return rows(
    db,
    sql`SELECT c.conrelid::regclass::text AS "table", c.conname AS name, pg_get_constraintdef(c.oid) AS definition
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE c.contype = 'f' AND n.nspname = 'public' ORDER BY c.conname`,
  );
}

/** The migrations applied to this database (drizzle's own table), oldest first; empty on a fresh database. */
export async function appliedMigrations(db: DbOrTx): Promise<{ hash: string; createdAt: number }[]> {
  const exists = await rows<{ ok: boolean }>(
    db,
    sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS ok`,
  );
  if (!exists[0]?.ok) {
    return [];
  }
  const found = await rows<{ hash: string; created_at: string | number }>(
    db,
    sql`SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id`,
  );
  return found.map((r) => ({ hash: r.hash, createdAt: Number(r.created_at) }));
}

/** Double-quotes an identifier read from the catalog. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
