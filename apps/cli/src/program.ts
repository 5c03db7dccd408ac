import { Command, CommanderError } from 'commander';
import { type CommandContext, commands } from './commands';
import { CliError, ExitCode } from './exit-codes';

const EXIT_HELP = `
Exit codes:
  0  every request got a response and every assertion and script passed
  1  a request failed (network error, timeout) or an assertion or script failed
  2  bad input or usage (unknown option, unreadable or invalid file, unknown folder)
  99 apiplay load: a threshold failed`;

/** The root program with every command registered. */
export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('apiplay')
    .description('API Playground command line: run Postman-compatible collections in CI')
    .version('0.1.0', '-v, --version')
    .showHelpAfterError()
    // Root options (-v, -h) only before a command name, so `apiplay admin <cmd> -v …` reaches the command intact.
    .enablePositionalOptions()
    .addHelpText('after', EXIT_HELP)
    .exitOverride();
  for (const command of commands) {
    command.register(program, ctx);
  }
  return program;
}

/** Parse argv and run; resolves to the process exit code (never throws). */
export async function main(argv: readonly string[]): Promise<number> {
  let code: number = ExitCode.OK;
  const program = buildProgram({
    setExitCode: (c) => {
      code = c;
    },
  });
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; everything else commander rejects is a usage error.
      return e.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    if (e instanceof CliError) {
      process.stderr.write(`error: ${e.message}\n`);
      return e.exitCode;
    }
    process.stderr.write(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return ExitCode.USAGE;
  }
}
