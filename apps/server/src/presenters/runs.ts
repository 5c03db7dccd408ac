import type { TRun, TRunSummary } from '@apiplay/core';
import type { runs } from '../db/schema';

type RunRow = typeof runs.$inferSelect;

/** A run row as the runs list shows it (no executions, no report). */
export function toRunSummary(row: Omit<RunRow, 'report'> & { hasReport: boolean }): TRunSummary {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    collectionId: row.collectionId,
    collectionName: row.collectionName,
    environmentId: row.environmentId,
    status: row.status,
    total: row.total,
    completed: row.completed,
    failed: row.failed,
    attempts: row.attempts,
    reason: row.reason,
    options: row.options,
    hasReport: row.hasReport,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** A run with the executions recorded so far. */
export function toRun(row: RunRow, executions: TRun['executions']): TRun {
  const { hasReport: _h, ...summary } = toRunSummary({ ...row, hasReport: row.report !== null });
  return { ...summary, executions, report: row.report ?? null };
}
