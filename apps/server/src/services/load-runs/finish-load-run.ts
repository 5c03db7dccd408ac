import { parseThreshold } from '@apiplay/core/load';
import { and, eq, inArray } from 'drizzle-orm';
import { loadRunParts, loadRuns, type TLoadPartResult } from '../../db/schema';
import type { LoadDeps } from './load-deps';
import { summarizeRun } from './part-metrics';

type LoadRunRow = typeof loadRuns.$inferSelect;

/**
 * Ends a load run: merges the parts' final histograms into the summary, checks the thresholds on it and sets the
 * status — aborted (stopped), failed (a threshold, a part that failed or never reported, or `forced`) or passed.
 * A run already ended (stopped while queued) is left as it is. Returns the status.
 */
export async function finishLoadRun(
  deps: Pick<LoadDeps, 'db' | 'events'>,
  run: LoadRunRow,
  opts: { results?: TLoadPartResult[]; forced?: string },
): Promise<string> {
  const results =
    opts.results ??
    (
      await deps.db
        .select({ result: loadRunParts.result })
        .from(loadRunParts)
        .where(eq(loadRunParts.loadRunId, run.id))
    ).flatMap((r) => (r.result ? [r.result] : []));
  const thresholds = (run.options.thresholds ?? []).map((t) => parseThreshold(t));
  const durationMs = Math.max(0, ...results.map((r) => r.elapsedMs));
  const { summary, passed } = summarizeRun(results, thresholds, durationMs);
  const runErrors = results.flatMap((r) => (r.runError === undefined ? [] : [r.runError]));
  const missing = run.parts - results.length;
  let status: 'passed' | 'failed' | 'aborted' = passed ? 'passed' : 'failed';
  let reason: string | null = null;
  if (run.stopRequested) {
    status = 'aborted';
    reason = 'stopped';
  } else if (opts.forced !== undefined) {
    status = 'failed';
    reason = opts.forced;
  } else if (missing > 0) {
    status = 'failed';
    reason = `${missing} of ${run.parts} parts never reported their results (their worker stopped?)`;
  } else if (runErrors.length > 0) {
    status = 'failed';
    reason = runErrors[0] ?? null;
  }
  const updated = await deps.db
    .update(loadRuns)
    .set({ status, reason, summary, finishedAt: new Date() })
    .where(and(eq(loadRuns.id, run.id), inArray(loadRuns.status, ['queued', 'running'])))
    .returning({ id: loadRuns.id });
  if (updated.length === 0) {
    return run.status;
  }
  deps.events.publish({
    type: 'load.finished',
    workspaceId: run.workspaceId,
    actorId: run.createdBy,
    data: {
      loadRunId: run.id,
      status,
      requests: summary.requests,
      rps: summary.rps,
      p95: summary.latency.p95,
      failed: summary.failed,
    },
  });
  return status;
}
