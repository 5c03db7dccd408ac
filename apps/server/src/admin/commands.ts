import { backupCommand } from './backup';
import { restoreCommand } from './restore';
import type { AdminCommand } from './types';
import { verifyAuditCommand } from './verify-audit';

/**
 * Every `apiplay admin` subcommand. REGISTRATION POINT: to add one, create `src/admin/<name>.ts` exporting an
 * `AdminCommand` and add one import + one entry below.
 */
export const adminCommands: readonly AdminCommand[] = [backupCommand, restoreCommand, verifyAuditCommand];
