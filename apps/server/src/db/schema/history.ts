import type { TAssertion, TSentRequest, TTimings } from '@apiplay/core';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';
import { workspaces } from './workspaces';

/** What came back, minus the body (kept inline in `body` up to the cap, else in file storage at `bodyRef`). */
export interface THistoryResponseMeta {
  status: number;
  statusText: string;
  httpVersion: string;
  headers: { key: string; value: string }[];
  bodyEncoding: 'utf8' | 'base64';
  size: number;
  truncated: boolean;
  timings: TTimings;
}

/**
 * Every execution. The bigint identity `seq` orders entries and doubles as the pagination cursor
 * (created_at alone is not unique).
 */
export const historyEntries = pgTable(
  'history_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    requestItemId: uuid('request_item_id'),
    runId: uuid('run_id'),
    method: text('method').notNull(),
    url: text('url').notNull(),
    status: integer('status'),
    durationMs: integer('duration_ms'),
    request: jsonb('request').$type<TSentRequest>().notNull(),
    response: jsonb('response').$type<THistoryResponseMeta>(),
    body: text('body'),
    bodyRef: text('body_ref'),
    error: jsonb('error').$type<{ code: string; message: string }>(),
    assertions: jsonb('assertions').$type<TAssertion[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('history_workspace_seq_idx').on(t.workspaceId, t.seq),
    index('history_created_idx').on(t.createdAt),
    // A saved request's insights (percentiles over time) read its entries in a time window.
    index('history_request_created_idx').on(t.requestItemId, t.createdAt),
  ],
);
