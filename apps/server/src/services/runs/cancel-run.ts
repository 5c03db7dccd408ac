import { AppError, type TRunSummary, type TWorkspaceRole } from '@apiplay/core';
import { and, eq, getTableColumns, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { runs } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';
import { roleAtLeast } from '../../policies/roles';
import { toRunSummary } from '../../presenters/runs';
import { recordAudit } from '../audit/record-audit';

const { report: _report, ...summaryColumns } = getTableColumns(runs);

/**
 * Cancel a queued or running run: it ends `aborted` at once. The job running it hears the `run.finished` event
 * (every instance does, over Redis in server mode) and stops its runner — the request in flight is aborted — or,
 * should that event be lost, sees the status when it records its next step. A viewer may cancel only a run they
 * started (viewers may run collections, not stop a colleague's run).
 */
export async function cancelRun(opts: {
  db: Db;
  events: EventBus;
  workspaceId: string;
  runId: string;
  userId: string;
  role: TWorkspaceRole;
  ip: string;
}): Promise<TRunSummary> {
  const row = await opts.db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: runs.status, createdBy: runs.createdBy })
      .from(runs)
      .where(and(eq(runs.id, opts.runId), eq(runs.workspaceId, opts.workspaceId)))
      .limit(1);
    if (current === undefined) {
      throw new AppError('NOT_FOUND', 'Run not found');
    }
    if (!roleAtLeast(opts.role, 'editor') && current.createdBy !== opts.userId) {
      throw new AppError('FORBIDDEN', 'Viewers may cancel only the runs they started');
    }
    const [cancelled] = await tx
      .update(runs)
      .set({ status: 'aborted', reason: 'Cancelled', finishedAt: new Date() })
      .where(and(eq(runs.id, opts.runId), inArray(runs.status, ['queued', 'running'])))
      .returning({ ...summaryColumns });
    if (cancelled === undefined) {
      throw new AppError('CONFLICT', `The run has already finished (${current.status})`);
    }
    await recordAudit(tx, {
      action: 'run.cancelled',
      actorId: opts.userId,
      workspaceId: opts.workspaceId,
      targetType: 'run',
      targetId: opts.runId,
      ip: opts.ip,
      meta: { collectionName: cancelled.collectionName, completed: cancelled.completed },
    });
    return cancelled;
  });
  opts.events.publish({
    type: 'run.finished',
    workspaceId: opts.workspaceId,
    actorId: opts.userId,
    data: { runId: opts.runId, status: 'aborted', reason: 'Cancelled' },
  });
  // A cancelled run keeps what it recorded; its report is written by the job once its runner has stopped.
  return toRunSummary({ ...row, hasReport: false });
}
