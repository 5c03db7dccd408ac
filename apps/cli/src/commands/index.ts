import { adminCommand } from './admin';
import { codegenCommand } from './codegen';
import { exportCommand } from './export';
import { importCommand } from './import';
import { loadCommand } from './load';
import { runCommand } from './run';
import type { CliCommand } from './types';
import { workerCommand } from './worker';

/**
 * Every `apiplay` command, registered in this order. REGISTRATION POINT: to add a command, create
 * `src/commands/<name>.ts` exporting a `CliCommand` and add one import + one entry below
 * (import/export/codegen: import helper; worker, admin: run a server bundle, see server-bundle.ts).
 */
export const commands: readonly CliCommand[] = [
  runCommand,
  loadCommand,
  importCommand,
  exportCommand,
  codegenCommand,
  workerCommand,
  adminCommand,
];

export type { CliCommand, CommandContext } from './types';
