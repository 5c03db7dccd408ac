// Helpers shared by the runner benchmarks (run.mjs, no-scripts.mjs).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** `--name value` from the command line, else `fallback`. */
export function option(args, name, fallback) {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Start echo-server.mjs on a free port in a child process. */
export function startEcho() {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(here, 'echo-server.mjs'), '0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (c) => {
      const m = /LISTENING (\d+)/.exec(String(c));
      if (m) {
        resolvePromise({ child, url: `http://127.0.0.1:${m[1]}` });
      }
    });
    child.on('error', reject);
  });
}
