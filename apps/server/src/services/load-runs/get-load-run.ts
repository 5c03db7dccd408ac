import { AppError, type TLoadRun } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { loadRuns } from '../../db/schema';
import { presentLoadRun } from '../../presenters/load-runs';

/** A load run with its per-second series and, once it ended, its summary. */
export async function getLoadRun(opts: { db: DbOrTx; loadRunId: string }): Promise<TLoadRun> {
  const [row] = await opts.db.select().from(loadRuns).where(eq(loadRuns.id, opts.loadRunId)).limit(1);
  if (!row) {
    throw new AppError('NOT_FOUND', 'Load run not found');
  }
  return presentLoadRun(row);
}
