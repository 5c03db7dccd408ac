import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/** Where large bodies go (history overflow). Local folder by default; the interface fits S3 too. */
export interface BlobStorage {
  /** Store bytes; returns the key to read them back. */
  put(prefix: string, bytes: Uint8Array): Promise<string>;
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
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
