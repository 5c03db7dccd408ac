import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, resolve } from 'node:path';
import { TransportError } from '../http/types';

/** Absolute path of a body file: relative paths are taken from the run's working directory. */
export function resolveBodyPath(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

/** Read a file referenced by a multipart or binary body; a missing file is a reported transport error. */
export async function readBodyFile(path: string, cwd: string): Promise<{ bytes: Buffer; name: string }> {
  const full = resolveBodyPath(path, cwd);
  try {
    return { bytes: await readFile(full), name: basename(full) };
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
    throw new TransportError(
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE',
      `Cannot read body file ${path}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
}
