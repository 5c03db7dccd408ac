import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';

/** Every upload folder is `mkdtemp(UPLOAD_DIR_PREFIX)`: a fresh, random, per-request folder in the OS temp dir. */
export const UPLOAD_DIR_PREFIX = join(tmpdir(), 'apiplay-exec-');

/**
 * Whether a body file path lies inside some per-request upload folder. The server transport refuses every other
 * path: the server's disk is never the user's, so a `src` (even one produced by a variable or a script) must not
 * read it.
 */
export function isUploadPath(path: string): boolean {
  const full = resolve(path);
  if (!full.startsWith(UPLOAD_DIR_PREFIX)) {
    return false;
  }
  const rest = full.slice(UPLOAD_DIR_PREFIX.length);
  // `<random>/<n>/<name>`: the folder name itself must not be empty and nothing may climb out of it.
  return rest.includes(sep) && !rest.startsWith(sep);
}
