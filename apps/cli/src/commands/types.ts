import type { Command } from 'commander';

/** What a command's action may tell the program. */
export interface CommandContext {
  /** The exit code `apiplay` ends with (default 0); see `exit-codes.ts`. Throw `CliError` for usage errors. */
  setExitCode(code: number): void;
}

/** A CLI command: adds itself (name, options, action) to the root program. */
export interface CliCommand {
  readonly name: string;
  register(program: Command, ctx: CommandContext): void;
}
