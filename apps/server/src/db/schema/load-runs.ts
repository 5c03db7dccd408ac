import type { TLoadSample, TLoadSummary, TStartLoadRunRequest } from '@apiplay/core';
import type { LoadPartResult } from '@apiplay/core/load';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './users';
import { workspaces } from './workspaces';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const loadRunStatuses = ['queued', 'running', 'passed', 'failed', 'aborted'] as const;

/**
 * A load run: the collection as a load test, split into `parts` jobs (one per worker). The first part merges the
 * others' per-second partials into `series` and their final histograms into `summary`. `startAt` is the moment
 * every part begins (set once all parts are ready), `stopRequested` the stop button.
 */
export const loadRuns = pgTable(
  'load_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    collectionId: uuid('collection_id').notNull(),
    collectionName: text('collection_name').notNull(),
    environmentId: uuid('environment_id'),
    status: text('status', { enum: loadRunStatuses }).notNull().default('queued'),
    options: jsonb('options').$type<TStartLoadRunRequest>().notNull(),
    /** The most VUs and iterations per second the run may use (what the workspace caps count). */
    maxVus: integer('max_vus').notNull(),
    ratePerSecond: integer('rate_per_second').notNull().default(0),
    parts: integer('parts').notNull().default(1),
    startAt: ts('start_at'),
    stopRequested: boolean('stop_requested').notNull().default(false),
    series: jsonb('series').$type<TLoadSample[]>().notNull().default([]),
    summary: jsonb('summary').$type<TLoadSummary>(),
    reason: text('reason'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    index('load_runs_workspace_idx').on(t.workspaceId, t.createdAt),
    index('load_runs_status_idx').on(t.status),
  ],
);

/** What one part measured, once it is over: its cumulative HDR histograms (encoded) and counters (core's shape). */
export type TLoadPartResult = LoadPartResult;

/** One row per part of a load run: `ready` when its job started, `result` when it ended. */
export const loadRunParts = pgTable(
  'load_run_parts',
  {
    loadRunId: uuid('load_run_id')
      .notNull()
      .references(() => loadRuns.id, { onDelete: 'cascade' }),
    part: integer('part').notNull(),
    /** host:pid of the process that ran it. */
    runner: text('runner').notNull(),
    result: jsonb('result').$type<TLoadPartResult>(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.loadRunId, t.part] })],
);
