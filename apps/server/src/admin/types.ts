import type { AppConfig } from '../config/env';

/** Where an admin command writes: stdout for results, stderr for progress and errors. */
export interface AdminIo {
  out(line: string): void;
  err(line: string): void;
}

/** What every admin command receives. */
export interface AdminContext {
  /** The server's validated configuration (the same environment `main.js` reads: DATABASE_URL or DATA_DIR, …). */
  config: AppConfig;
  io: AdminIo;
}

/**
 * One `apiplay admin <name>` subcommand. `run` gets the arguments after the name and returns the exit code
 * (0 ok, 1 the operation failed, 2 bad usage); throw `AdminUsageError` for usage problems.
 */
export interface AdminCommand {
  readonly name: string;
  /** One line for `apiplay admin --help`. */
  readonly summary: string;
  /** The usage line(s) after `apiplay admin <name>`, e.g. `<file> [--replace]`. */
  readonly usage: string;
  run(args: readonly string[], ctx: AdminContext): Promise<number>;
}

/** Bad arguments: printed with the command's usage, exit code 2. */
export class AdminUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdminUsageError';
  }
}

/** Exit codes of `apiplay admin` (the same meaning as the CLI's: 0 ok, 1 failed, 2 usage). */
export const AdminExit = { OK: 0, FAILED: 1, USAGE: 2 } as const;
