import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pgliteDataDir } from '../db/client';
import { createBackup } from '../services/backup/create-backup';
import { blobsDir, instanceKeys, openInstallationDatabase } from './open-installation';
import { type AdminCommand, AdminExit, AdminUsageError } from './types';

function parse(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { 'include-keys': { type: 'boolean', default: false } },
    });
  } catch (e) {
    throw new AdminUsageError(e instanceof Error ? e.message : String(e));
  }
}

/** `apiplay admin backup <file>`: the whole installation (database rows and local files) into one file. */
export const backupCommand: AdminCommand = {
  name: 'backup',
  summary:
    'write the database (users, workspaces, collections, environments, history, runs, …) and stored files to <file>',
  usage:
    '<file> [--include-keys]\n\n' +
    '  The servers may keep running (the rows are read in one consistent snapshot). The file is gzip JSON Lines,\n' +
    '  readable by `apiplay admin restore` in either mode. Secret variables stay sealed with SECRETS_KEY; restore\n' +
    '  needs the same key. --include-keys also writes SECRETS_KEY and JWT_SECRET into the file (for an embedded\n' +
    '  installation whose keys were generated into DATA_DIR): keep such a file as safe as the keys.',
  async run(args, { config, io }) {
    const { positionals, values } = parse(args);
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) {
      throw new AdminUsageError(file === undefined ? 'missing <file>' : `unexpected argument ${extra[0]}`);
    }
    if (config.embedded && !existsSync(pgliteDataDir(config.dataDir))) {
      io.err(
        `error: DATA_DIR: no embedded database in ${config.dataDir} (set DATA_DIR, or DATABASE_URL for PostgreSQL)`,
      );
      return AdminExit.FAILED;
    }
    const keys = instanceKeys(config);
    const database = await openInstallationDatabase(config);
    try {
      const summary = await createBackup({
        database,
        file: resolve(file),
        secretsKey: Buffer.from(keys.secretsKey, 'hex'),
        blobsDir: blobsDir(config),
        keys: values['include-keys'] ? keys : undefined,
      });
      const rows = Object.values(summary.rows).reduce((a, b) => a + b, 0);
      io.out(
        `backup written to ${summary.file}: ${rows} rows in ${Object.keys(summary.rows).length} tables, ` +
          `${summary.blobs} stored files${values['include-keys'] ? ', with the instance keys' : ''}`,
      );
      return AdminExit.OK;
    } finally {
      await database.close();
    }
  },
};
