import type { TVariable } from '@apiplay/core';
import { sql } from 'drizzle-orm';
import {
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './users';
import { workspaceMembers, workspaces } from './workspaces';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Environments and the workspace globals (`kind = 'globals'`, at most one per workspace). Secret variable
 * values are stored sealed (`enc:v1:…`, AES-256-GCM); plain values as written.
 */
export const environments = pgTable(
  'environments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['environment', 'globals'] })
      .notNull()
      .default('environment'),
    name: text('name').notNull(),
    variables: jsonb('variables').$type<TVariable[]>().notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('environments_workspace_idx').on(t.workspaceId, t.name),
    uniqueIndex('environments_globals_idx').on(t.workspaceId).where(sql`kind = 'globals'`),
  ],
);

/** Per-workspace content settings (history retention). */
export const workspaceContentSettings = pgTable('workspace_content_settings', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  historyRetentionDays: integer('history_retention_days').notNull().default(30),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * One member's choices in a workspace: the environment the app sends with (the picker at the top, the Runner's
 * default). Gone with the membership; an environment's deletion clears it.
 */
export const memberPreferences = pgTable(
  'member_preferences',
  {
    workspaceId: uuid('workspace_id').notNull(),
    userId: uuid('user_id').notNull(),
    activeEnvironmentId: uuid('active_environment_id').references(() => environments.id, {
      onDelete: 'set null',
    }),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId] }),
    foreignKey({
      name: 'member_preferences_member_fk',
      columns: [t.workspaceId, t.userId],
      foreignColumns: [workspaceMembers.workspaceId, workspaceMembers.userId],
    }).onDelete('cascade'),
  ],
);
