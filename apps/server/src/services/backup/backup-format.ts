import { createHmac } from 'node:crypto';

/**
 * The backup file: gzip-compressed JSON Lines, the same in both modes (a PGlite backup restores into PostgreSQL
 * and back). Line 1 is the header; then `table` lines (one per row, the row as PostgreSQL's own `row_to_json`
 * text, so bigints, timestamps and jsonb survive exactly), then `blob` lines (stored bodies and files of the
 * local blob storage), then `end` with the counts (a truncated file is detected).
 */
export const BACKUP_FORMAT = 'apiplay-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupHeader {
  kind: 'header';
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  /** The mode it was taken from (informational: restore works into either). */
  mode: 'pglite' | 'postgres';
  /** The schema migrations applied in the source database, in order (drizzle's hash and timestamp). */
  migrations: { hash: string; createdAt: number }[];
  /** Identifies SECRETS_KEY without revealing it: sealed secrets in the backup open only with that key. */
  secretsKeyCheck: string;
  /** Present only with `--include-keys`: the instance keys themselves (the file is then as sensitive as they are). */
  keys?: { jwtSecret: string; secretsKey: string };
  tables: string[];
}

export type BackupLine =
  | BackupHeader
  /** One row of `table`, as the JSON text PostgreSQL produced (kept as a string: no precision lost in JS). */
  | { kind: 'row'; table: string; row: string }
  | { kind: 'blob'; key: string; data: string }
  | { kind: 'end'; rows: Record<string, number>; blobs: number };

/** A value derived from the secrets key that shows whether two keys are the same; the key cannot be recovered. */
export function secretsKeyCheck(secretsKey: Uint8Array): string {
  return createHmac('sha256', secretsKey).update('apiplay-backup key check v1').digest('hex').slice(0, 32);
}

/** A backup file that cannot be restored: the message says why (and names the setting when one is wrong). */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}
