import { z } from 'zod';
import { ZTimestamp } from './common';

/** Every audited action. */
export const ZAuditAction = z.enum([
  'auth.register',
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.password_changed',
  'auth.refresh_reuse',
  'auth.account_disabled',
  'api_key.created',
  'api_key.revoked',
  'workspace.created',
  'workspace.updated',
  'workspace.deleted',
  'invitation.created',
  'invitation.accepted',
  'member.role_changed',
  'member.removed',
  'member.left',
  'secrets.exported',
  'load_run.started',
  'load_run.stopped',
]);
export type TAuditAction = z.infer<typeof ZAuditAction>;

export const ZAuditEvent = z
  .object({
    id: z.string().describe('Event id (monotonic)'),
    action: z.string().describe('What happened, e.g. auth.login'),
    actorId: z.uuid().nullable().describe('Who did it'),
    workspaceId: z.uuid().nullable(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    ip: z.string().nullable(),
    meta: z.record(z.string(), z.unknown()).nullable(),
    createdAt: ZTimestamp,
  })
  .describe('Audit event');
export type TAuditEvent = z.infer<typeof ZAuditEvent>;
