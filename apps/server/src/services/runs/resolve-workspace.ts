import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { jobs, runs } from '../../db/schema';
import { isUuid } from '../../policies/roles';

/** Workspace of a run (null when it does not exist). */
export async function workspaceOfRun(db: DbOrTx, runId: unknown): Promise<string | null> {
  if (!isUuid(runId)) {
    return null;
  }
  const rows = await db
    .select({ workspaceId: runs.workspaceId })
    .from(runs)
    .where(eq(runs.id, runId))
    .limit(1);
  return rows[0]?.workspaceId ?? null;
}

/** Workspace of a job (system jobs have none and are not visible through the API). */
export async function workspaceOfJob(db: DbOrTx, jobId: unknown): Promise<string | null> {
  if (!isUuid(jobId)) {
    return null;
  }
  const rows = await db
    .select({ workspaceId: jobs.workspaceId })
    .from(jobs)
    .where(eq(jobs.id, jobId))
    .limit(1);
  return rows[0]?.workspaceId ?? null;
}
