import type { RunEvent, TRunReport } from '@apiplay/core';

/** Where a reporter writes. */
export interface ReporterOptions {
  /** File for file reporters (`--reporter-<name>-export`); defaults under ./apiplay-reports/. */
  exportPath?: string;
  out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Progress bar on stderr, only when it is a TTY. */
  err: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

/** A reporter consumes the run's event stream and/or the final report. */
export interface Reporter {
  readonly name: string;
  onEvent?(event: RunEvent): void;
  finish(report: TRunReport): Promise<void> | void;
}

export type ReporterFactory = (opts: ReporterOptions) => Reporter;
