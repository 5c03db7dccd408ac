import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A bundle of the server (`worker.js`, `admin.js`), looked up from wherever this CLI runs (bundle or source, inside
 * the monorepo or a packaged release). The CLI never imports server code: it runs these files in a child process.
 */
export function findServerBundle(file: string): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    for (const candidate of [join(dir, 'apps', 'server', 'dist', file), join(dir, 'server', 'dist', file)]) {
      if (existsSync(candidate)) {
        return candidate;
      }
    }
    dir = dirname(dir);
  }
  return null;
}

/** Runs `node <bundle> <args…>` with this process's stdio and environment; signals are passed on. Resolves to its exit code. */
export function runServerBundle(bundle: string, args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [bundle, ...args], { stdio: 'inherit', env: process.env });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  return new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
}
