import { once } from 'node:events';
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { BackupLine } from './backup-format';

/** Writes backup lines to `file` through gzip; the file appears (renamed from a temp name) only when complete. */
export function openBackupWriter(file: string) {
  const tmp = `${file}.partial-${process.pid}`;
  // 0600: the backup holds password hashes and sealed secrets (and the keys with --include-keys).
  const out = createWriteStream(tmp, { mode: 0o600 });
  const gzip = createGzip();
  const done = pipeline(gzip, out);
  // A write error rejects `done`; observe it now so it is not reported as unhandled before `finish` awaits it.
  done.catch(() => undefined);
  return {
    async write(line: BackupLine): Promise<void> {
      if (!gzip.write(`${JSON.stringify(line)}\n`)) {
        await Promise.race([once(gzip, 'drain'), done]);
      }
    },
    async finish(): Promise<void> {
      gzip.end();
      await done;
      renameSync(tmp, file);
    },
    abort(): void {
      gzip.destroy();
      rmSync(tmp, { force: true });
    },
  };
}

/** Reads a backup file line by line (gunzip + JSON); a line that is not JSON throws naming its number. */
export async function* readBackupLines(file: string): AsyncGenerator<BackupLine> {
  const input = createReadStream(file).pipe(createGunzip());
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  for await (const text of lines) {
    n += 1;
    if (text === '') {
      continue;
    }
    let line: unknown;
    try {
      line = JSON.parse(text);
    } catch {
      throw new Error(`line ${n} is not JSON: the file is damaged`);
    }
    if (typeof line !== 'object' || line === null || typeof (line as { kind?: unknown }).kind !== 'string') {
      throw new Error(`line ${n} is not a backup record: the file is damaged`);
    }
    yield line as BackupLine;
  }
}
