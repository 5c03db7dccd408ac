import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Build dist/apiplay.js so tests exercise exactly what ships. */
export default function setup(): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  execFileSync(process.execPath, [resolve(root, 'build.mjs')], { cwd: root, stdio: 'inherit' });
}
