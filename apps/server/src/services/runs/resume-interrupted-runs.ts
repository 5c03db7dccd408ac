import { inArray } from 'drizzle-orm';
import type { EnqueueJob } from '../../context';
import type { DbOrTx } from '../../db/client';
import { runs } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';
import { failRun } from './fail-run';

/** Pick-ups allowed before an interrupted run is given up as failed. */
export const MAX_RUN_ATTEMPTS = 3;

/**
 * Embedded mode at boot: runs left `queued`/`running` by a process that stopped are queued again (they resume
 * from their recorded steps) or, after too many interruptions, end `failed` with the reason.
 */
export async function resumeInterruptedRuns(opts: {
  db: DbOrTx;
  enqueue: EnqueueJob;
  events: EventBus;
}): Promise<number> {
  const stuck = await opts.db
    .select()
    .from(runs)
    .where(inArray(runs.status, ['queued', 'running']));
  for (const run of stuck) {
    if (run.attempts >= MAX_RUN_ATTEMPTS) {
      await failRun({
        ...opts,
        runId: run.id,
        reason: `Interrupted ${run.attempts} times (server stopped during the run)`,
      });
      continue;
    }
    await opts.enqueue({
      type: 'run',
      workspaceId: run.workspaceId,
      userId: run.createdBy,
      payload: { runId: run.id },
    });
  }
  return stuck.length;
}
