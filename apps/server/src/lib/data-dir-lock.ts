import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * An embedded database (PGlite) belongs to one process: a second one opening the same DATA_DIR — `apiplay admin
 * backup` next to a running server — would write the same files. The server records its pid here while it runs;
 * admin commands refuse while that process lives. A pid left by a crash names no live process and is ignored.
 */
const lockFile = (dataDir: string) => join(dataDir, 'server.pid');

/** Records this process as the DATA_DIR's user until it exits. */
export function claimDataDir(dataDir: string): void {
  const file = lockFile(dataDir);
  writeFileSync(file, `${process.pid}\n`);
  process.once('exit', () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) {
        rmSync(file, { force: true });
      }
    } catch {
      // already gone
    }
  });
}

/** The pid of a live server using this DATA_DIR, or null. */
export function dataDirHolder(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(lockFile(dataDir), 'utf8').trim(), 10);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) {
    return null;
  }
  try {
    process.kill(pid, 0);
    return pid;
  } catch (e) {
    // EPERM: alive but someone else's; ESRCH: gone.
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}
