import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { loadRuns } from '../../db/schema';

/**
 * Embedded mode at boot: load runs the previous process was running cannot continue (their VUs and clock died
 * with it), so they end as failed and stop counting against the workspace's caps.
 */
export async function failInterruptedLoadRuns(db: DbOrTx): Promise<number> {
  const rows = await db
    .update(loadRuns)
    .set({ status: 'failed', reason: 'the server restarted during the load run', finishedAt: new Date() })
    .where(inArray(loadRuns.status, ['queued', 'running']))
    .returning({ id: loadRuns.id });
  return rows.length;
}
