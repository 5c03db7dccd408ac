import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/env';
import { type Database, openDatabase, pgliteDataDir } from '../db/client';
import { loadInstanceSecrets } from '../lib/instance-secrets';

/** The installation's database, as the server opens it (PGlite under DATA_DIR, or the PostgreSQL pool). */
export function openInstallationDatabase(config: AppConfig): Promise<Database> {
  return config.databaseUrl === undefined
    ? openDatabase({ kind: 'pglite', dataDir: pgliteDataDir(config.dataDir) })
    : openDatabase({ kind: 'postgres', url: config.databaseUrl, poolMax: 2 });
}

/** Where the local blob storage keeps its files (the same folder context.ts gives it). */
export function blobsDir(config: AppConfig): string {
  return join(config.dataDir, 'blobs');
}

/** The instance keys as text (the form SECRETS_KEY / JWT_SECRET and the files in DATA_DIR hold them). */
export function instanceKeys(config: AppConfig): { jwtSecret: string; secretsKey: string } {
  const secrets = loadInstanceSecrets(config);
  return {
    jwtSecret: new TextDecoder().decode(secrets.jwtSecret),
    secretsKey: secrets.secretsKey.toString('hex'),
  };
}

/**
 * Embedded mode on a DATA_DIR that has no keys yet (a fresh install restoring a backup taken with
 * --include-keys): write the backup's keys where the server will read them. Keys set in the environment, or files
 * already present, win; the restore then checks that they open the backup's secrets.
 */
export function adoptBackupKeys(config: AppConfig, keys: { jwtSecret: string; secretsKey: string }): void {
  mkdirSync(config.dataDir, { recursive: true });
  const files = [
    { name: 'jwt-secret', configured: config.jwtSecret, value: keys.jwtSecret },
    { name: 'secrets-key', configured: config.secretsKey, value: keys.secretsKey },
  ];
  for (const f of files) {
    const path = join(config.dataDir, f.name);
    if (f.configured === undefined && !existsSync(path)) {
      writeFileSync(path, `${f.value}\n`, { mode: 0o600, flag: 'wx' });
    }
  }
}
