import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Security and membership events. No foreign keys: the trail must outlive deleted users and workspaces.
 * The identity id doubles as the pagination cursor (strictly increasing).
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    action: text('action').notNull(),
    actorId: uuid('actor_id'),
    /** The user the event is about (own security events), when different from or in addition to the actor. */
    subjectUserId: uuid('subject_user_id'),
    workspaceId: uuid('workspace_id'),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    meta: jsonb('meta').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** The previous event's `hash` (the chain head at insert time); a mismatch means a row was deleted or moved. */
    prevHash: text('prev_hash'),
    /** sha256 over `prevHash` and this row's canonical content (core `auditEventHash`); null only before sealing. */
    hash: text('hash'),
  },
  (t) => [
    index('audit_action_idx').on(t.action, t.id),
    index('audit_actor_idx').on(t.actorId, t.id),
    index('audit_workspace_idx').on(t.workspaceId, t.id),
    index('audit_subject_idx').on(t.subjectUserId, t.id),
  ],
);
