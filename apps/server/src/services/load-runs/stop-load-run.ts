import { AppError } from '@apiplay/core';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { loadRuns } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';
import { recordAudit } from '../audit/record-audit';

/**
 * The stop button: a load run not started yet ends at once (aborted); a running one is asked to stop — every part
 * sees the flag within half a second, lets requests in flight finish, and the merging part saves what was
 * measured. Audited. Stopping an ended run is a 409.
 */
export async function stopLoadRun(opts: {
  db: Db;
  events: EventBus;
  loadRunId: string;
  userId: string;
  ip?: string | undefined;
}): Promise<{ status: 'aborted' | 'stopping' }> {
  const outcome = await opts.db.transaction(async (tx) => {
    const [run] = await tx.select().from(loadRuns).where(eq(loadRuns.id, opts.loadRunId)).for('update');
    if (!run) {
      throw new AppError('NOT_FOUND', 'Load run not found');
    }
    if (run.status !== 'queued' && run.status !== 'running') {
      throw new AppError('CONFLICT', `The load run already ended (${run.status})`);
    }
    const notStarted = await tx
      .update(loadRuns)
      .set({
        stopRequested: true,
        status: 'aborted',
        reason: 'stopped before it started',
        finishedAt: new Date(),
      })
      .where(and(eq(loadRuns.id, run.id), isNull(loadRuns.startAt), inArray(loadRuns.status, ['queued'])))
      .returning({ id: loadRuns.id });
    if (notStarted.length === 0) {
      await tx.update(loadRuns).set({ stopRequested: true }).where(eq(loadRuns.id, run.id));
    }
    await recordAudit(tx, {
      action: 'load_run.stopped',
      actorId: opts.userId,
      workspaceId: run.workspaceId,
      targetType: 'load_run',
      targetId: run.id,
      ip: opts.ip,
    });
    return {
      workspaceId: run.workspaceId,
      status: notStarted.length > 0 ? ('aborted' as const) : ('stopping' as const),
    };
  });
  if (outcome.status === 'aborted') {
    opts.events.publish({
      type: 'load.finished',
      workspaceId: outcome.workspaceId,
      actorId: opts.userId,
      data: { loadRunId: opts.loadRunId, status: 'aborted' },
    });
  }
  return { status: outcome.status };
}
