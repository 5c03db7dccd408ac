import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Database, DbOrTx } from '../../db/client';
import { migrationsFolder, runMigrations } from '../../db/migrate';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupError,
  type BackupHeader,
  secretsKeyCheck,
} from './backup-format';
import { readBackupLines } from './backup-stream';
import { foreignKeys, ident, insertableColumns, listTables, sequenceColumns } from './table-catalog';

/** Rows (or ≈4 MB of row text) sent per INSERT. */
const INSERT_ROWS = 500;
const INSERT_CHARS = 4 * 1024 * 1024;

/**
 * Reads the whole file once before anything is changed: a damaged, truncated or foreign file is refused while the
 * database is still intact. Returns the header.
 */
export async function inspectBackup(
  file: string,
): Promise<BackupHeader & { rowCount: number; blobCount: number }> {
  let header: BackupHeader | undefined;
  const counted: Record<string, number> = {};
  let blobs = 0;
  let end: { rows: Record<string, number>; blobs: number } | undefined;
  try {
    for await (const line of readBackupLines(file)) {
      if (header === undefined) {
        if (line.kind !== 'header' || line.format !== BACKUP_FORMAT) {
          throw new BackupError(`${file} is not an API Playground backup`);
        }
        if (line.formatVersion !== BACKUP_FORMAT_VERSION) {
          throw new BackupError(
            `backup format ${line.formatVersion} is not supported (this version reads ${BACKUP_FORMAT_VERSION})`,
          );
        }
        header = line;
      } else if (line.kind === 'row') {
        counted[line.table] = (counted[line.table] ?? 0) + 1;
      } else if (line.kind === 'blob') {
        blobs += 1;
      } else if (line.kind === 'end') {
        end = line;
      }
    }
  } catch (e) {
    if (e instanceof BackupError) {
      throw e;
    }
    throw new BackupError(`${file} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (header === undefined) {
    throw new BackupError(`${file} is empty`);
  }
  const complete =
    end !== undefined &&
    end.blobs === blobs &&
    Object.keys({ ...end.rows, ...counted }).every((t) => (end?.rows[t] ?? 0) === (counted[t] ?? 0));
  if (!complete) {
    throw new BackupError(`${file} is incomplete (truncated or damaged): nothing was restored`);
  }
  const rowCount = Object.values(counted).reduce((a, b) => a + b, 0);
  return { ...header, rowCount, blobCount: blobs };
}

/**
 * The code's migrations up to the backup's level, as a migrations folder: the schema is created exactly as it was
 * when the backup was taken, the rows loaded, then the newer migrations upgrade them like any old database.
 */
async function prepareMigrations(header: BackupHeader): Promise<{ folder: string; cleanup(): void }> {
  const source = migrationsFolder();
  const code = readMigrationFiles({ migrationsFolder: source });
  const level = header.migrations.length;
  const matches = header.migrations.every((m, i) => code[i]?.hash === m.hash);
  if (level > code.length || !matches) {
    throw new BackupError(
      level > code.length
        ? `the backup comes from a newer version (${level} schema migrations, this version has ${code.length}): restore it with that version`
        : 'the backup was made by a version whose schema migrations differ from this one: restore it with the version that made it',
    );
  }
  const folder = mkdtempSync(join(tmpdir(), 'apiplay-restore-migrations-'));
  const target = { folder, cleanup: () => rmSync(folder, { recursive: true, force: true }) };
  await cp(source, folder, { recursive: true });
  const journalFile = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalFile, 'utf8')) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, level);
  writeFileSync(journalFile, JSON.stringify(journal));
  return target;
}

async function hasData(db: DbOrTx): Promise<boolean> {
  const tables = await listTables(db);
  if (!tables.includes('users')) {
    return false;
  }
  const result = await db.execute(sql`SELECT EXISTS (SELECT 1 FROM users) AS any`);
  return (result as unknown as { rows: { any: boolean }[] }).rows[0]?.any === true;
}

async function insertBatch(tx: DbOrTx, table: string, columns: string[], rows: string[]): Promise<void> {
  const cols = columns.map(ident).join(', ');
  await tx.execute(
    sql`${sql.raw(`INSERT INTO ${ident(table)} (${cols}) OVERRIDING SYSTEM VALUE SELECT ${cols} FROM json_populate_recordset(NULL::${ident(table)},`)} ${`[${rows.join(',')}]`}::json)`,
  );
}

/** Loads the rows in one transaction: foreign keys are dropped first and re-created (and so checked) at the end. */
async function loadRows(database: Database, file: string, header: BackupHeader): Promise<void> {
  await database.db.transaction(async (tx) => {
    const present = new Set(await listTables(tx));
    const missing = header.tables.filter((t) => !present.has(t));
    if (missing.length > 0) {
      throw new BackupError(
        `the schema has no table ${missing.join(', ')}: the backup does not match its migrations`,
      );
    }
    const fks = await foreignKeys(tx);
    for (const fk of fks) {
      await tx.execute(sql.raw(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${ident(fk.name)}`));
    }
    // The migrations may have seeded rows; the backup is the whole truth.
    if (header.tables.length > 0) {
      await tx.execute(sql.raw(`TRUNCATE ${header.tables.map(ident).join(', ')}`));
    }
    const columns = new Map<string, string[]>();
    let table = '';
    let batch: string[] = [];
    let chars = 0;
    const flush = async () => {
      if (batch.length > 0) {
        let cols = columns.get(table);
        if (cols === undefined) {
          cols = await insertableColumns(tx, table);
          columns.set(table, cols);
        }
        await insertBatch(tx, table, cols, batch);
      }
      batch = [];
      chars = 0;
    };
    for await (const line of readBackupLines(file)) {
      if (line.kind !== 'row') {
        continue;
      }
      if (line.table !== table || batch.length >= INSERT_ROWS || chars >= INSERT_CHARS) {
        await flush();
        table = line.table;
      }
      batch.push(line.row);
      chars += line.row.length;
    }
    await flush();
    for (const fk of fks) {
      await tx.execute(sql.raw(`ALTER TABLE ${fk.table} ADD CONSTRAINT ${ident(fk.name)} ${fk.definition}`));
    }
    for (const { table: t, column } of await sequenceColumns(tx)) {
      await tx.execute(
        sql.raw(
          `SELECT setval(pg_get_serial_sequence('${ident(t).replaceAll("'", "''")}', '${column.replaceAll("'", "''")}'),
             COALESCE((SELECT max(${ident(column)}) FROM ${ident(t)}), 0) + 1, false)`,
        ),
      );
    }
  });
}

async function restoreBlobs(file: string, blobsDir: string): Promise<void> {
  const root = resolve(blobsDir);
  await rm(root, { recursive: true, force: true });
  for await (const line of readBackupLines(file)) {
    if (line.kind !== 'blob') {
      continue;
    }
    const path = resolve(root, line.key);
    if (!path.startsWith(root + sep)) {
      throw new BackupError(`blob key ${JSON.stringify(line.key)} leaves the storage folder: refused`);
    }
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, Buffer.from(line.data, 'base64'));
  }
}

/** Throws (naming SECRETS_KEY) when the backup's sealed secrets would not open with `secretsKey`. */
export function checkBackupKey(header: BackupHeader, secretsKey: Uint8Array): void {
  if (header.secretsKeyCheck !== secretsKeyCheck(secretsKey)) {
    throw new BackupError(
      'SECRETS_KEY: the backup was made with a different secrets key, so its stored secrets would not open. ' +
        'Set SECRETS_KEY to the key of the installation that made it (embedded mode: its DATA_DIR/secrets-key), ' +
        'or take the backup with --include-keys',
    );
  }
}

export interface RestoreSummary {
  createdAt: string;
  rows: number;
  blobs: number;
}

/**
 * Replaces the database's content with the backup's: the schema is rebuilt at the backup's migration level, the
 * rows loaded, then upgraded to this version's schema; the local blob storage is replaced. Refuses (before
 * changing anything) a damaged file, a backup from a newer version, sealed secrets the configured key cannot
 * open, and a database that holds data unless `replace` is set. Stop the servers and workers first.
 */
export async function restoreBackup(opts: {
  database: Database;
  file: string;
  /** The key the restored installation will run with (its sealed secrets must open with it). */
  secretsKey: Uint8Array;
  blobsDir: string;
  replace: boolean;
  /** `inspectBackup(file)`'s result when the caller already read it (saves reading the file twice). */
  inspected?: Awaited<ReturnType<typeof inspectBackup>>;
}): Promise<RestoreSummary> {
  const header = opts.inspected ?? (await inspectBackup(opts.file));
  checkBackupKey(header, opts.secretsKey);
  const { db } = opts.database;
  if (!opts.replace && (await hasData(db))) {
    throw new BackupError('the database already holds data: pass --replace to overwrite it with the backup');
  }
  const migrations = await prepareMigrations(header);
  try {
    // Start from nothing, so the schema is exactly the backup's (objects a newer version created go too).
    await db.execute(sql`DROP SCHEMA IF EXISTS drizzle CASCADE`);
    await db.execute(sql`DROP SCHEMA IF EXISTS public CASCADE`);
    await db.execute(sql`CREATE SCHEMA public`);
    await runMigrations(opts.database, migrations.folder);
  } finally {
    migrations.cleanup();
  }
  await loadRows(opts.database, opts.file, header);
  await runMigrations(opts.database);
  await restoreBlobs(opts.file, opts.blobsDir);
  return { createdAt: header.createdAt, rows: header.rowCount, blobs: header.blobCount };
}
