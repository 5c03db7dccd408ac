import { z } from 'zod';
import { ZExecution, ZRunReportV1 } from '../schema';
import { ZPage, ZPageQuery, ZTimestamp } from './common';

/** `POST /api/collections/:id/runs`: the CLI's run options. */
export const ZStartRunRequest = z.object({
  environmentId: z.uuid().optional().describe('Environment for {{variables}}'),
  iterations: z.number().int().min(1).max(1000).optional().describe('Default: data rows, else 1'),
  iterationData: z
    .array(z.record(z.string(), z.unknown()))
    .max(10_000)
    .optional()
    .describe('One object per iteration (the rows of a CSV/JSON data file)'),
  folders: z.array(z.string().min(1)).max(100).optional().describe('Folder names or ids to run; empty = all'),
  delayMs: z.number().int().min(0).max(60_000).optional().describe('Wait between requests'),
  timeoutMs: z.number().int().min(0).max(30_000).optional().describe('Per-request timeout (capped at 30 s)'),
  bail: z.boolean().optional().describe('Stop at the first failure'),
  parallel: z
    .number()
    .int()
    .min(1)
    .max(20)
    .optional()
    .describe('Iterations run at once, each on its own copy of the variables (`apiplay run --parallel`)'),
});
export type TStartRunRequest = z.infer<typeof ZStartRunRequest>;

export const ZRunAccepted = z.object({ runId: z.uuid().describe('Follow at GET /api/runs/:id or over WS') });
export type TRunAccepted = z.infer<typeof ZRunAccepted>;

export const ZRunStatus = z.enum(['queued', 'running', 'passed', 'failed', 'aborted']);
export type TRunStatus = z.infer<typeof ZRunStatus>;

/** A run with its progress and the executions recorded so far (in order). */
export const ZRun = z
  .object({
    id: z.uuid(),
    workspaceId: z.uuid(),
    collectionId: z.uuid(),
    collectionName: z.string(),
    environmentId: z.uuid().nullable(),
    status: ZRunStatus,
    total: z.number().int().describe('Requests planned (0 until started)'),
    completed: z.number().int().describe('Requests recorded'),
    failed: z.number().int().describe('Failed requests or assertions so far'),
    attempts: z.number().int().describe('Times a worker picked the run up (more than 1 after a crash)'),
    reason: z.string().nullable().describe('Why it failed or aborted, when not an assertion'),
    options: z.record(z.string(), z.unknown()),
    executions: z.array(ZExecution),
    report: ZRunReportV1.nullable().describe('The final report when finished'),
    createdBy: z.uuid().nullable(),
    createdAt: ZTimestamp,
    startedAt: ZTimestamp.nullable(),
    finishedAt: ZTimestamp.nullable(),
  })
  .describe('Collection run');
export type TRun = z.infer<typeof ZRun>;

/** A run in the runs list: everything but its executions and report. */
export const ZRunSummary = ZRun.omit({ executions: true, report: true })
  .extend({
    hasReport: z.boolean().describe('A report can be downloaded (GET /api/runs/:id/report)'),
  })
  .describe('Collection run (summary)');
export type TRunSummary = z.infer<typeof ZRunSummary>;

/** `GET /api/workspaces/:id/runs`: newest first, optionally of one collection or in one status. */
export const ZRunListQuery = ZPageQuery.extend({
  collectionId: z.uuid().optional().describe('Only runs of this collection'),
  status: ZRunStatus.optional().describe('Only runs in this status'),
});
export type TRunListQuery = z.infer<typeof ZRunListQuery>;

export const ZRunList = ZPage(ZRunSummary).describe('Runs, newest first');
export type TRunList = z.infer<typeof ZRunList>;

/** Run report formats: the report as JSON, JUnit XML (CI), one self-contained HTML page. */
export const ZRunReportFormat = z.enum(['json', 'junit', 'html']);
export type TRunReportFormat = z.infer<typeof ZRunReportFormat>;

export const ZRunReportQuery = z.object({
  format: ZRunReportFormat.default('json').describe('json, junit (XML) or html'),
});
export type TRunReportQuery = z.infer<typeof ZRunReportQuery>;

export const ZJob = z
  .object({
    id: z.uuid(),
    type: z.string(),
    status: z.enum(['queued', 'running', 'completed', 'failed']),
    attempts: z.number().int(),
    result: z.unknown().nullable().describe('Handler result (e.g. the execution) once completed'),
    error: z.string().nullable(),
    createdAt: ZTimestamp,
    finishedAt: ZTimestamp.nullable(),
  })
  .describe('Background job');
export type TJob = z.infer<typeof ZJob>;
