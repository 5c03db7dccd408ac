import { ZExportFormat } from '@apiplay/core';
import type { EventBus } from '../infra/event-bus';
import { type DataRetention, pruneExpiredData } from '../services/cleanup/prune-expired-data';
import type { ExecutionDeps } from '../services/execute/execute-request';
import { executeRequest } from '../services/execute/execute-request';
import { expireExports } from '../services/export/expire-exports';
import { exportToStorage } from '../services/export/export-to-storage';
import { cleanupHistory } from '../services/history/cleanup-history';
import { abandonLoadPart, executeLoadPart } from '../services/load-runs/execute-load-part';
import type { LoadDeps } from '../services/load-runs/load-deps';
import { executeRun, RunCollectionGone, RunHandedBack } from '../services/runs/execute-run';
import { failRun } from '../services/runs/fail-run';
import { publicJobError } from './lifecycle';
import { type JobContext, JobHandedBack, type JobHandlers, PermanentJobError, RETRY } from './types';

function str(value: unknown, name: string): string {
  if (typeof value !== 'string') {
    throw new PermanentJobError(`job payload lacks ${name}`);
  }
  return value;
}

/** The job handlers, bound to the execution dependencies of this process. */
export function createJobHandlers(
  deps: ExecutionDeps & {
    events: EventBus;
    retention: DataRetention;
    /** HISTORY_RETENTION_DAYS: retention of workspaces that set none, unless an admin stored another default. */
    defaultRetentionDays: number;
  },
  load: LoadDeps,
): JobHandlers {
  return {
    async execute(job: JobContext) {
      const p = job.payload;
      const result = await executeRequest(deps, {
        workspaceId: str(p.workspaceId, 'workspaceId'),
        userId: str(p.userId, 'userId'),
        ...(p.request ? { request: p.request as never } : {}),
        ...(typeof p.itemId === 'string' ? { itemId: p.itemId } : {}),
        ...(typeof p.environmentId === 'string' ? { environmentId: p.environmentId } : {}),
        ...(typeof p.collectionId === 'string' ? { collectionId: p.collectionId } : {}),
        queued: true,
        ...(p.viewer === true ? { viewer: true } : {}),
      });
      // The job's result names the history entry: it must be readable from any instance once the job is done.
      await deps.history.flush();
      return result;
    },
    async run(job: JobContext) {
      const runId = str(job.payload.runId, 'runId');
      try {
        return await executeRun(deps, { runId, ...(job.shutdown ? { shutdown: job.shutdown } : {}) }).catch(
          (error: unknown) => {
            if (error instanceof RunHandedBack) {
              throw new JobHandedBack(error.message);
            }
            throw error instanceof RunCollectionGone ? new PermanentJobError(error.message) : error;
          },
        );
      } catch (error) {
        if (error instanceof JobHandedBack) {
          throw error;
        }
        if (job.attempt >= RETRY.attempts || error instanceof PermanentJobError) {
          const message = publicJobError(error instanceof Error ? error : new Error(String(error)));
          await failRun({ db: deps.db, events: deps.events, runId, reason: `Run failed: ${message}` });
        }
        throw error;
      }
    },
    async export(job: JobContext) {
      // Older queued jobs carry no format: they were Postman exports.
      const format = ZExportFormat.safeParse(job.payload.format ?? 'postman');
      if (!format.success) {
        throw new PermanentJobError(`unknown export format ${String(job.payload.format)}`);
      }
      return exportToStorage({
        db: deps.db,
        storage: deps.storage,
        workspaceId: str(job.workspaceId, 'workspaceId'),
        collectionId: str(job.payload.collectionId, 'collectionId'),
        format: format.data,
      });
    },
    async load(job: JobContext) {
      const part = job.payload.part;
      if (typeof part !== 'number' || !Number.isInteger(part) || part < 0) {
        throw new PermanentJobError('job payload lacks part');
      }
      const loadRunId = str(job.payload.loadRunId, 'loadRunId');
      try {
        return await executeLoadPart(load, { loadRunId, part, attempt: job.attempt });
      } catch (error) {
        // A load run is not retried from the start (its clock and VUs are gone): the part fails for good.
        const message = publicJobError(error instanceof Error ? error : new Error(String(error)));
        await abandonLoadPart(load, { loadRunId, part, message });
        throw new PermanentJobError(message);
      }
    },
    // The scheduled cleanup (hourly; the job keeps its first name so queues scheduled by older versions match).
    async 'history-cleanup'() {
      await deps.history.flush();
      const history = await cleanupHistory({
        db: deps.db,
        storage: deps.storage,
        envDefaultDays: deps.defaultRetentionDays,
      });
      const exports = await expireExports({ db: deps.db, storage: deps.storage });
      const pruned = await pruneExpiredData({ db: deps.db, retention: deps.retention });
      return { ...history, expiredExports: exports.expired, ...pruned };
    },
  };
}
