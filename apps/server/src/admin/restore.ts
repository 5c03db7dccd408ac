import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BackupError } from '../services/backup/backup-format';
import { checkBackupKey, inspectBackup, restoreBackup } from '../services/backup/restore-backup';
import { adoptBackupKeys, blobsDir, instanceKeys, openInstallationDatabase } from './open-installation';
import { type AdminCommand, AdminExit, AdminUsageError } from './types';

function parse(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { replace: { type: 'boolean', default: false } },
    });
  } catch (e) {
    throw new AdminUsageError(e instanceof Error ? e.message : String(e));
  }
}

/** `apiplay admin restore <file>`: the installation's content replaced by a backup's. */
export const restoreCommand: AdminCommand = {
  name: 'restore',
  summary: 'replace the database and stored files with the backup in <file> (stop servers and workers first)',
  usage:
    '<file> [--replace]\n\n' +
    '  Restores into the installation the environment names (DATABASE_URL, or the embedded database under\n' +
    '  DATA_DIR), in either mode whichever mode made the backup. Refuses a database that already holds data unless\n' +
    '  --replace is given. The file is checked completely before anything changes. Secrets need the SECRETS_KEY the\n' +
    '  backup was made with (a backup taken with --include-keys brings it to a fresh embedded DATA_DIR).\n' +
    '  Restart the servers afterwards (their caches hold the old content).',
  async run(args, { config, io }) {
    const { positionals, values } = parse(args);
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) {
      throw new AdminUsageError(file === undefined ? 'missing <file>' : `unexpected argument ${extra[0]}`);
    }
    const path = resolve(file);
    let inspected: Awaited<ReturnType<typeof inspectBackup>>;
    let keys: ReturnType<typeof instanceKeys>;
    try {
      // Everything that can refuse without the database first: the file whole, then the key.
      inspected = await inspectBackup(path);
      if (inspected.keys !== undefined && config.embedded) {
        adoptBackupKeys(config, inspected.keys);
      }
      keys = instanceKeys(config);
      checkBackupKey(inspected, Buffer.from(keys.secretsKey, 'hex'));
    } catch (e) {
      io.err(`error: ${e instanceof Error ? e.message : String(e)}`);
      return AdminExit.FAILED;
    }
    const database = await openInstallationDatabase(config);
    try {
      const summary = await restoreBackup({
        database,
        file: path,
        secretsKey: Buffer.from(keys.secretsKey, 'hex'),
        blobsDir: blobsDir(config),
        replace: values.replace,
        inspected,
      });
      io.out(
        `restored the backup of ${summary.createdAt}: ${summary.rows} rows, ${summary.blobs} stored files`,
      );
      return AdminExit.OK;
    } catch (e) {
      if (e instanceof BackupError) {
        io.err(`error: ${e.message}`);
        return AdminExit.FAILED;
      }
      throw e;
    } finally {
      await database.close();
    }
  },
};
