import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { storedFileId, type TBody, type TItem } from '@apiplay/core';
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { workspaceFiles } from '../../db/schema';
import type { BlobStorage } from '../../infra/blob-storage';
import { UPLOAD_DIR_PREFIX } from '../../infra/execution/upload-dir';

/** A body file reference: where it sits (for error messages) and its `src`. */
export interface BodyFileSource {
  field: string;
  src: string;
}

/** Every file a body names (formdata file fields with a `src`, the binary body). */
export function bodyFileSources(body: TBody, at = 'request.body'): BodyFileSource[] {
  if (body.mode === 'binary') {
    return body.file.src === '' ? [] : [{ field: `${at}.file.src`, src: body.file.src }];
  }
  if (body.mode === 'formdata') {
    return body.formdata.flatMap((f, i) =>
      f.type === 'file' && f.src !== undefined && f.src !== ''
        ? [{ field: `${at}.formdata.${i}.src (${f.key})`, src: f.src }]
        : [],
    );
  }
  return [];
}

/** The body with each `src` found in `paths` replaced by its path on disk. */
export function bindBodyFiles(body: TBody, paths: ReadonlyMap<string, string>): TBody {
  if (paths.size === 0) {
    return body;
  }
  if (body.mode === 'binary') {
    const path = paths.get(body.file.src);
    return path === undefined ? body : { mode: 'binary', file: { src: path } };
  }
  if (body.mode === 'formdata') {
    return {
      mode: 'formdata',
      formdata: body.formdata.map((f) => {
        const path = f.type === 'file' && f.src !== undefined ? paths.get(f.src) : undefined;
        return path === undefined ? f : { ...f, src: path };
      }),
    };
  }
  return body;
}

/** Every body file reference in a collection's items (folders walked). */
export function treeFileSources(items: readonly TItem[]): string[] {
  return items.flatMap((item) =>
    item.type === 'folder' ? treeFileSources(item.items) : bodyFileSources(item.body).map((s) => s.src),
  );
}

/** The items with every request's body bound to `paths`. */
export function bindTreeFiles(items: readonly TItem[], paths: ReadonlyMap<string, string>): TItem[] {
  if (paths.size === 0) {
    return [...items];
  }
  return items.map((item) =>
    item.type === 'folder'
      ? { ...item, items: bindTreeFiles(item.items, paths) }
      : { ...item, body: bindBodyFiles(item.body, paths) },
  );
}

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
