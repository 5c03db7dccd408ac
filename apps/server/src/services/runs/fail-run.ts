import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { runs } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';

/** End a run that cannot finish as `failed` with the reason (never left `running`). */
export async function failRun(opts: {
  db: DbOrTx;
  events?: EventBus;
  runId: string;
  reason: string;
}): Promise<void> {
  const [row] = await opts.db
    .update(runs)
    .set({ status: 'failed', reason: opts.reason, finishedAt: new Date() })
    .where(and(eq(runs.id, opts.runId), inArray(runs.status, ['queued', 'running'])))
    .returning({ workspaceId: runs.workspaceId, createdBy: runs.createdBy });
  if (row) {
    opts.events?.publish({
      type: 'run.finished',
      workspaceId: row.workspaceId,
      actorId: row.createdBy,
      data: { runId: opts.runId, status: 'failed', reason: opts.reason },
    });
  }
}
