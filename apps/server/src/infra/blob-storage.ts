import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/**
 * Where bytes too big or too many for a database row go: history bodies over the inline cap, async exports and
 * files stored with saved requests. A local folder by default, an S3-compatible bucket with `S3_BUCKET`
 * (`s3-blob-storage.ts`).
 */
export interface BlobStorage {
  /** Store bytes; returns the key to read them back. */
  put(prefix: string, bytes: Uint8Array): Promise<string>;
  /** The bytes, or null when no such blob exists. */
  get(key: string): Promise<Buffer | null>;
  /** Idempotent: deleting a missing blob is no error. */
  delete(key: string): Promise<void>;
  /** Release connections (S3's keep-alive pool). */
  close?(): void;
}

/** Blobs as files under `root` (DATA_DIR/blobs). Keys are relative paths that never leave the root. */
export function createLocalBlobStorage(root: string): BlobStorage {
  const base = resolve(root);
  function pathOf(key: string): string {
    const full = resolve(base, key);
    if (!full.startsWith(base + sep)) {
      throw new Error('blob key escapes the storage root');
    }
    return full;
  }
  return {
    async put(prefix, bytes) {
      const key = join(prefix.replace(/[^a-zA-Z0-9_-]/g, '_'), randomUUID());
      const file = pathOf(key);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, bytes);
      return key;
    },
    async get(key) {
      try {
        return await readFile(pathOf(key));
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
          return null;
        }
        throw error;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
