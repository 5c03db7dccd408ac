import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/client';
import { migrationsFolder, runMigrations } from '../db/migrate';

function migrationsHash(folder: string): string {
  const h = createHash('sha256');
  for (const f of readdirSync(folder).sort()) {
    if (f.endsWith('.sql')) {
      h.update(f).update(readFileSync(join(folder, f)));
    }
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * A migrated, empty PGlite data directory as a tarball in the OS temp dir, keyed by the migrations' content.
 * PGlite's initdb takes ≈5–10 s here; loading this tarball ≈1 s, so each test file starts fast.
 * Vitest's globalSetup builds it once; createTestApp builds it itself if missing (written atomically).
 */
export async function ensurePgliteTemplate(): Promise<string> {
  const folder = migrationsFolder();
  const file = join(tmpdir(), `apiplay-pglite-template-${migrationsHash(folder)}.tar`);
  if (existsSync(file)) {
    return file;
  }
  const database = await openDatabase({ kind: 'pglite' });
  await runMigrations(database, folder);
  const dump = await database.dump();
  await database.close();
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  renameSync(tmp, file);
  return file;
}

/** The template as a Blob for `openDatabase({ kind: 'pglite', loadDataDir })`. */
export async function loadPgliteTemplate(): Promise<Blob> {
  const file = await ensurePgliteTemplate();
  return new Blob([readFileSync(file)]);
}
