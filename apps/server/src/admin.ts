import { runAdmin } from './admin/run-admin';
import { loadConfigFromProcess } from './config/env';

/**
 * Admin entry point (`node dist/admin.js <command> …`, or `apiplay admin <command> …`, which runs this file):
 * maintenance commands that open the server's database directly — backup, restore. The commands are listed in
 * `admin/commands.ts`.
 */
const code = await runAdmin(process.argv.slice(2), loadConfigFromProcess, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
process.exitCode = code;
