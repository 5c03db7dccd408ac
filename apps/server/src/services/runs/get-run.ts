import { AppError, type TRun } from '@apiplay/core';
import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { runExecutions, runs } from '../../db/schema';
import { toRun } from '../../presenters/runs';

/** A run with every execution recorded so far, in order. */
export async function getRun(opts: { db: DbOrTx; runId: string }): Promise<TRun> {
  const [row] = await opts.db.select().from(runs).where(eq(runs.id, opts.runId)).limit(1);
  if (!row) {
    throw new AppError('NOT_FOUND', 'Run not found');
  }
  const executions = await opts.db
    .select({ execution: runExecutions.execution })
    .from(runExecutions)
    .where(eq(runExecutions.runId, row.id))
    .orderBy(asc(runExecutions.seq));
  return toRun(
    row,
    executions.map((e) => e.execution),
  );
}
