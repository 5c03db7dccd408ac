import { AppError, type TRunReport, type TRunStatus } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { runs } from '../../db/schema';

/** A run's final report (null until it ends) and status, without loading its executions a second time. */
export async function getRunReport(opts: {
  db: DbOrTx;
  runId: string;
}): Promise<{ report: TRunReport | null; status: TRunStatus }> {
  const [row] = await opts.db
    .select({ report: runs.report, status: runs.status })
    .from(runs)
    .where(eq(runs.id, opts.runId))
    .limit(1);
  if (row === undefined) {
    throw new AppError('NOT_FOUND', 'Run not found');
  }
  return { report: row.report ?? null, status: row.status };
}
