/**
 * Process exit codes of `apiplay` (documented in the README and `apiplay --help`):
 * - 0: every request got a response and every assertion and script passed
 * - 1: a request failed (network, timeout) or an assertion or script failed
 * - 2: bad input or usage (unknown option, unreadable or invalid collection/environment/data file, unknown folder)
 * - 99: `apiplay load`: a threshold failed (k6's convention)
 */
export const ExitCode = {
  OK: 0,
  RUN_FAILED: 1,
  USAGE: 2,
  THRESHOLD_FAILED: 99,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure the CLI reports in one line and exits with `code`, without a stack trace. */
export class CliError extends Error {
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode = ExitCode.USAGE) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
