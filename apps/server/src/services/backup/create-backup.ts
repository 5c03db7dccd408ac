import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BackupError, secretsKeyCheck } from './backup-format';
import { openBackupWriter } from './backup-stream';
import { appliedMigrations, ident, listTables } from './table-catalog';

/** Rows fetched per round trip from the backup cursor. */
const FETCH_ROWS = 500;

async function* blobFiles(root: string, dir = root): AsyncGenerator<{ key: string; path: string }> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      return;
    }
    throw e;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* blobFiles(root, path);
    } else if (entry.isFile()) {
      yield { key: relative(root, path).split(sep).join('/'), path };
    }
  }
}

export interface BackupSummary {
  file: string;
  rows: Record<string, number>;
  blobs: number;
}

/**
 * Writes every application table (one consistent snapshot: a repeatable-read, read-only transaction) and the
 * local blob storage to `file`. Works the same on PGlite and PostgreSQL; the servers may keep running.
 */
export async function createBackup(opts: {
  database: Database;
  file: string;
  secretsKey: Uint8Array;
  /** The local blob storage folder (DATA_DIR/blobs); objects in an S3 bucket are not copied. */
  blobsDir: string;
  /** Also write the instance keys (embedded mode generates them into DATA_DIR; a fresh DATA_DIR needs them back). */
  keys?: { jwtSecret: string; secretsKey: string } | undefined;
  now?: Date;
}): Promise<BackupSummary> {
  const writer = openBackupWriter(opts.file);
  const counts: Record<string, number> = {};
  let blobs = 0;
  try {
    await opts.database.db.transaction(
      async (tx) => {
        const tables = await listTables(tx);
        const migrations = await appliedMigrations(tx);
        if (migrations.length === 0) {
          throw new BackupError('the database holds no API Playground schema: nothing to back up');
        }
        await writer.write({
          kind: 'header',
          format: BACKUP_FORMAT,
          formatVersion: BACKUP_FORMAT_VERSION,
          createdAt: (opts.now ?? new Date()).toISOString(),
          mode: opts.database.kind,
          migrations,
          secretsKeyCheck: secretsKeyCheck(opts.secretsKey),
          ...(opts.keys === undefined ? {} : { keys: opts.keys }),
          tables,
        });
        for (const table of tables) {
          counts[table] = 0;
          await tx.execute(
            sql.raw(
              `DECLARE apiplay_backup NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM ${ident(table)} t`,
            ),
          );
          for (;;) {
            const result = await tx.execute(sql.raw(`FETCH ${FETCH_ROWS} FROM apiplay_backup`));
            const batch = (result as unknown as { rows: { j: string }[] }).rows;
            for (const { j } of batch) {
              await writer.write({ kind: 'row', table, row: j });
            }
            counts[table] += batch.length;
            if (batch.length < FETCH_ROWS) {
              break;
            }
          }
          await tx.execute(sql.raw('CLOSE apiplay_backup'));
        }
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    for await (const blob of blobFiles(opts.blobsDir)) {
      await writer.write({
        kind: 'blob',
        key: blob.key,
        data: (await readFile(blob.path)).toString('base64'),
      });
      blobs += 1;
    }
    await writer.write({ kind: 'end', rows: counts, blobs });
    await writer.finish();
  } catch (e) {
    writer.abort();
    throw e;
  }
  return { file: opts.file, rows: counts, blobs };
}
