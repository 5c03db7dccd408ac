import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes';
import type { CliCommand, CommandContext } from './types';

/** The server's worker bundle, looked up from wherever this CLI runs (bundle or source, inside the monorepo). */
function findWorker(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    for (const candidate of [
      join(dir, 'apps', 'server', 'dist', 'worker.js'),
      join(dir, 'server', 'dist', 'worker.js'),
    ]) {
      if (existsSync(candidate)) {
        return candidate;
      }
    }
    dir = dirname(dir);
  }
  return null;
}

/**
 * `apiplay worker`: a worker-only process of a server deployment (DATABASE_URL + REDIS_URL in the environment).
 * Runs the server's worker bundle in a child process and exits with its code; signals are passed on.
 */
export const workerCommand: CliCommand = {
  name: 'worker',
  register(program: Command, ctx: CommandContext) {
    program
      .command('worker')
      .description('start a background worker for a server deployment (needs DATABASE_URL and REDIS_URL)')
      .action(async () => {
        const worker = findWorker();
        if (!worker) {
          process.stderr.write('worker bundle not found: run `npm run build -w apps/server` first\n');
          ctx.setExitCode(ExitCode.USAGE);
          return;
        }
        const child = spawn(process.execPath, [worker], { stdio: 'inherit', env: process.env });
        for (const signal of ['SIGINT', 'SIGTERM'] as const) {
          process.on(signal, () => child.kill(signal));
        }
        const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
        ctx.setExitCode(code);
      });
  },
};
