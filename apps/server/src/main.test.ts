import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..');

let out = '';
function waitForListening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) {
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited early (${code}): ${out}`)));
  });
}

describe('process lifecycle (embedded mode)', () => {
  it('boots on PGlite in DATA_DIR, finishes in-flight work on SIGTERM and exits 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'apiplay-main-'));
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', join('src', 'main.ts')],
      {
        cwd: serverDir,
        env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const base = await waitForListening(child);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(existsSync(join(dataDir, 'pgdata'))).toBe(true);
      expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(true);
      const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // A request in flight when the signal arrives still completes.
      const inFlight = fetch(`${base}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'shutdown@example.test', password: 'amber-falcon-71', name: 'S' }),
      });
      // Signal only once the server has started handling it (its "incoming request" log line is out).
      while (!out.includes('"url":"/api/auth/register"')) {
        await new Promise((r) => setTimeout(r, 5));
      }
      child.kill('SIGTERM');
      const res = await inFlight;
      expect(res.status).toBe(201);
      expect(
        await exit,
        out
          .split('\n')
          .filter((l) => !l.includes('request'))
          .join('\n'),
      ).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
