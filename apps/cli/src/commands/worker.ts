import type { Command } from 'commander';
import { ExitCode } from '../exit-codes';
import { findServerBundle, runServerBundle } from '../server-bundle';
import type { CliCommand, CommandContext } from './types';

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
        const worker = findServerBundle('worker.js');
        if (!worker) {
          process.stderr.write('worker bundle not found: run `npm run build -w apps/server` first\n');
          ctx.setExitCode(ExitCode.USAGE);
          return;
        }
        ctx.setExitCode(await runServerBundle(worker, []));
      });
  },
};
