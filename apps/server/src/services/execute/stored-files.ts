import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { storedFileId } from '@apiplay/core';
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { workspaceFiles } from '../../db/schema';
import type { BlobStorage } from '../../infra/blob-storage';
import { UPLOAD_DIR_PREFIX } from '../../infra/execution/upload-dir';

/** Stored files copied to a per-execution temp folder (the only place the server transport reads from). */
export interface StoredFilesOnDisk {
  /** `stored-file:<id>` → path of the copy. */
  paths: Map<string, string>;
  /** Sources naming no file of this workspace (another workspace's, deleted, or gone from storage). */
  missing: string[];
  /** Remove the temp folder. */
  dispose(): Promise<void>;
}

const nothing: StoredFilesOnDisk = { paths: new Map(), missing: [], dispose: async () => undefined };

/**
 * Copy the workspace's stored files that `sources` name (`stored-file:<id>`) from blob storage (local or S3) to
 * a fresh temp folder, each as `<dir>/<n>/<name>` so a multipart part carries the stored name. Only files of
 * `workspaceId` are found: an id from another workspace is reported missing, never read.
 */
export async function materializeStoredFiles(opts: {
  db: DbOrTx;
  storage: BlobStorage;
  workspaceId: string;
  sources: Iterable<string>;
  /**
   * Runs: point a missing source at a path that does not exist in the temp folder, so that request fails alone
   * with FILE_NOT_FOUND (naming the `src`, once paths are hidden again) and the run goes on.
   */
  missingAsAbsentPath?: boolean;
}): Promise<StoredFilesOnDisk> {
  const wanted = new Map<string, string>();
  for (const src of opts.sources) {
    const id = storedFileId(src);
    if (id !== null) {
      wanted.set(src, id);
    }
  }
  if (wanted.size === 0) {
    return nothing;
  }
  const rows = await opts.db
    .select()
    .from(workspaceFiles)
    .where(
      and(
        eq(workspaceFiles.workspaceId, opts.workspaceId),
        inArray(workspaceFiles.id, [...new Set(wanted.values())]),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const dir = await mkdtemp(UPLOAD_DIR_PREFIX);
  const dispose = () => rm(dir, { recursive: true, force: true });
  const paths = new Map<string, string>();
  const missing: string[] = [];
  const written = new Map<string, string>();
  try {
    for (const [src, id] of wanted) {
      const row = byId.get(id);
      const copied = written.get(id);
      if (copied !== undefined) {
        paths.set(src, copied);
        continue;
      }
      const bytes = row === undefined ? null : await opts.storage.get(row.storageKey);
      if (row === undefined || bytes === null) {
        missing.push(src);
        if (opts.missingAsAbsentPath === true) {
          paths.set(src, join(dir, `missing-${missing.length}`, 'file'));
        }
        continue;
      }
      const folder = join(dir, String(written.size));
      await mkdir(folder);
      const path = join(folder, row.name);
      await writeFile(path, bytes);
      written.set(id, path);
      paths.set(src, path);
    }
  } catch (error) {
    await dispose();
    throw error;
  }
  return { paths, missing, dispose };
}
