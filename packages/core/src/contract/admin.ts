import { z } from 'zod';
import { ZTimestamp } from './common';

/** Optional modules an instance admin can turn off; a route of a module that is off answers 404 FEATURE_DISABLED. */
export const ZFeatureFlag = z.enum(['import', 'export', 'codegen', 'runs']).describe('Optional module');
export type TFeatureFlag = z.infer<typeof ZFeatureFlag>;
export const featureFlags: readonly TFeatureFlag[] = ZFeatureFlag.options;

/** Who may create an account: anyone, only invited addresses, or addresses at the allowed domains. */
export const ZSignupPolicy = z.enum(['open', 'invite-only', 'domains']).describe('Sign-up policy');
export type TSignupPolicy = z.infer<typeof ZSignupPolicy>;

const ZDomain = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(253)
  .regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be a domain such as example.com');

/** Instance settings: stored in the database, each falling back to its environment default until set. */
export const ZInstanceSettings = z
  .object({
    signupPolicy: ZSignupPolicy,
    allowedEmailDomains: z.array(ZDomain).max(100).describe('Domains that may sign up with policy `domains`'),
    passwordSignIn: z.boolean().describe('Whether email + password sign-in is offered'),
    defaultHistoryRetentionDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .describe('History retention of workspaces that set none'),
    features: z.record(ZFeatureFlag, z.boolean()).describe('Optional modules on (true) or off (false)'),
  })
  .describe('Instance settings');
export type TInstanceSettings = z.infer<typeof ZInstanceSettings>;

/** A partial update; `null` resets a setting to its environment default. */
export const ZInstanceSettingsPatch = z
  .object({
    signupPolicy: ZSignupPolicy.nullable().optional(),
    allowedEmailDomains: ZInstanceSettings.shape.allowedEmailDomains.nullable().optional(),
    passwordSignIn: z.boolean().nullable().optional(),
    defaultHistoryRetentionDays: ZInstanceSettings.shape.defaultHistoryRetentionDays.nullable().optional(),
    features: z.partialRecord(ZFeatureFlag, z.boolean()).nullable().optional(),
  })
  .strict()
  .describe('Settings to change; null resets one to its environment default');
export type TInstanceSettingsPatch = z.infer<typeof ZInstanceSettingsPatch>;

export const ZInstanceSettingsResponse = z.object({
  settings: ZInstanceSettings.describe('In effect'),
  defaults: ZInstanceSettings.describe('From the environment (used for every setting not stored)'),
  overridden: z.array(z.string()).describe('Settings stored in the database'),
});
export type TInstanceSettingsResponse = z.infer<typeof ZInstanceSettingsResponse>;

/** What the web may know before sign-in (an explicit allow-list). */
export const ZPublicSettings = z
  .object({
    signupPolicy: ZSignupPolicy,
    passwordSignIn: z.boolean(),
    features: z.record(ZFeatureFlag, z.boolean()),
  })
  .describe('Public instance settings');
export type TPublicSettings = z.infer<typeof ZPublicSettings>;

export const ZAdminUser = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    active: z.boolean().describe('False: disabled'),
    isAdmin: z.boolean().describe('Instance administrator'),
    adminFromEnv: z.boolean().describe('Listed in ADMIN_EMAILS (cannot be demoted here)'),
    workspaces: z.number().int().describe('Workspaces the user belongs to'),
    createdAt: ZTimestamp,
  })
  .describe('User as an instance admin sees it');
export type TAdminUser = z.infer<typeof ZAdminUser>;

export const ZAdminUserQuery = z.object({
  q: z.string().trim().max(200).optional().describe('Search in email and name'),
  status: z.enum(['all', 'active', 'disabled', 'admin']).default('all'),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type TAdminUserQuery = z.infer<typeof ZAdminUserQuery>;
export type TAdminUserQueryInput = z.input<typeof ZAdminUserQuery>;

export const ZAdminUserList = z.object({
  items: z.array(ZAdminUser),
  total: z.number().int().describe('Users matching the query'),
});
export type TAdminUserList = z.infer<typeof ZAdminUserList>;

export const ZAdminUserPatch = z
  .object({
    active: z.boolean().optional().describe('false disables (revokes sessions and keys, closes sockets)'),
    isAdmin: z.boolean().optional().describe('Promote or demote'),
  })
  .strict();
export type TAdminUserPatch = z.infer<typeof ZAdminUserPatch>;

/** A workspace the user is the only owner of: what deleting the user must decide about. */
export const ZOwnedWorkspace = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(['personal', 'team']),
  members: z.number().int(),
});
export type TOwnedWorkspace = z.infer<typeof ZOwnedWorkspace>;

export const ZDeleteUserRequest = z
  .object({
    workspaces: z
      .enum(['delete', 'transfer'])
      .describe('Workspaces the user is the only owner of: delete them, or make `transferTo` their owner'),
    transferTo: z.uuid().optional().describe('With `transfer`: the user who becomes owner'),
  })
  .strict();
export type TDeleteUserRequest = z.infer<typeof ZDeleteUserRequest>;

export const ZInstanceStats = z
  .object({
    users: z.object({ total: z.number().int(), active: z.number().int(), admins: z.number().int() }),
    workspaces: z.number().int(),
    days: z
      .array(z.object({ day: z.string(), executions: z.number().int(), runs: z.number().int() }))
      .describe('Last 14 days (UTC), oldest first'),
    storage: z.object({
      databaseBytes: z.number().int().nullable().describe('Database size (null where unknown)'),
      historyBodyBytes: z.number().int().describe('Response bodies kept in history'),
    }),
    queue: z.object({ waiting: z.number().int(), active: z.number().int() }).describe('Job queue depth'),
  })
  .describe('Instance figures');
export type TInstanceStats = z.infer<typeof ZInstanceStats>;

export const ZAdminAuditQuery = z.object({
  action: z.string().max(100).optional().describe('Exact action, or a prefix ending in `.`, e.g. `auth.`'),
  actorId: z.uuid().optional(),
  workspaceId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('Events at or after'),
  to: z.iso.datetime({ offset: true }).optional().describe('Events before'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type TAdminAuditQuery = z.infer<typeof ZAdminAuditQuery>;
export type TAdminAuditQueryInput = z.input<typeof ZAdminAuditQuery>;

export const ZAuditExportQuery = ZAdminAuditQuery.omit({ cursor: true, limit: true }).extend({
  format: z.enum(['jsonl', 'csv']).default('jsonl'),
});
export type TAuditExportQuery = z.infer<typeof ZAuditExportQuery>;

export const ZAuditVerifyResult = z
  .object({
    ok: z.boolean(),
    checked: z.number().int(),
    head: z
      .object({ id: z.string(), hash: z.string() })
      .nullable()
      .describe('The newest event the chain records'),
    problems: z.array(
      z.object({ id: z.string(), kind: z.enum(['unsealed', 'edited', 'gap']), message: z.string() }),
    ),
  })
  .describe('Audit chain check');
export type TAuditVerifyResult = z.infer<typeof ZAuditVerifyResult>;

export const ZDeleteUserResponse = z.object({
  deletedWorkspaces: z.array(z.uuid()).describe('Workspaces deleted with the user'),
  transferredWorkspaces: z.array(z.uuid()).describe('Workspaces handed to `transferTo`'),
});
export type TDeleteUserResponse = z.infer<typeof ZDeleteUserResponse>;

export const ZOwnedWorkspaceList = z.object({ items: z.array(ZOwnedWorkspace) });
export type TOwnedWorkspaceList = z.infer<typeof ZOwnedWorkspaceList>;
