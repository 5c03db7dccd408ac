import type { TExecution, TRunReport } from '@apiplay/core';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';
import { workspaces } from './workspaces';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const runStatuses = ['queued', 'running', 'passed', 'failed', 'aborted'] as const;
export type TRunStatus = (typeof runStatuses)[number];

/** A collection run. Per-request results live in `run_executions`; `report` is filled when it ends. */
export const runs = pgTable(
  'runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    collectionId: uuid('collection_id').notNull(),
    collectionName: text('collection_name').notNull(),
    environmentId: uuid('environment_id'),
    status: text('status', { enum: runStatuses }).notNull().default('queued'),
    options: jsonb('options').$type<Record<string, unknown>>().notNull(),
    total: integer('total').notNull().default(0),
    completed: integer('completed').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    attempts: integer('attempts').notNull().default(0),
    report: jsonb('report').$type<TRunReport>(),
    reason: text('reason'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    heartbeatAt: ts('heartbeat_at'),
  },
  (t) => [index('runs_workspace_idx').on(t.workspaceId, t.createdAt), index('runs_status_idx').on(t.status)],
);

/**
 * One row per executed request of a run. The (run_id, seq) key makes recording idempotent: a worker that
 * resumes a run after a crash cannot record the same step twice.
 */
export const runExecutions = pgTable(
  'run_executions',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    execution: jsonb('execution').$type<TExecution>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

export const jobStatuses = ['queued', 'running', 'completed', 'failed'] as const;
export type TJobStatus = (typeof jobStatuses)[number];

/** Status of background jobs as clients see it (`GET /api/jobs/:id`), whichever queue ran them. */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    type: text('type').notNull(),
    status: text('status', { enum: jobStatuses }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    result: jsonb('result').$type<unknown>(),
    error: text('error'),
    createdAt: ts('created_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [index('jobs_created_idx').on(t.createdAt)],
);
