import type { Command } from 'commander';
import { ExitCode } from '../exit-codes';
import { findServerBundle, runServerBundle } from '../server-bundle';
import type { CliCommand, CommandContext } from './types';

/**
 * `apiplay admin <command> …`: maintenance of a server installation (backup, restore, …). The subcommands live
 * in the server (`apps/server/src/admin/`, bundled as `dist/admin.js`) because they open its database; this only
 * hands every argument to that bundle and exits with its code. `apiplay admin --help` lists them.
 */
export const adminCommand: CliCommand = {
  name: 'admin',
  register(program: Command, ctx: CommandContext) {
    program
      .command('admin')
      .description(
        'maintenance of a server installation: backup, restore, … (`apiplay admin --help` lists them)',
      )
      .argument('[args...]', 'the admin command and its arguments')
      .helpOption(false)
      .allowUnknownOption()
      .passThroughOptions()
      .action(async (args: string[]) => {
        const admin = findServerBundle('admin.js');
        if (!admin) {
          process.stderr.write('admin bundle not found: run `npm run build -w apps/server` first\n');
          ctx.setExitCode(ExitCode.USAGE);
          return;
        }
        ctx.setExitCode(await runServerBundle(admin, args));
      });
  },
};
