import {
  bindTreeFiles,
  isAppError,
  maskSecrets,
  type TExecution,
  type TItem,
  type TRunReport,
  type TVariable,
  treeFileSources,
} from '@apiplay/core';
import { SpanKind } from '@opentelemetry/api';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { runExecutions, runs } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';
import { STOP_AFTER_STEP, STOP_NOW } from '../../infra/execution/script-tasks';
import { executionOutcome } from '../../infra/telemetry/app-metrics';
import { tracer } from '../../infra/telemetry/tracing';
import { getMemberRole, roleAtLeast } from '../../policies/roles';
import { getCollectionTree } from '../collections/get-collection-tree';
import { saveScriptVariables } from '../environments/save-script-variables';
import { openVariables } from '../environments/seal-variables';
import type { ExecutionDeps } from '../execute/execute-request';
import { hideUploadPaths } from '../execute/hide-upload-paths';
import { loadExecutionScope } from '../execute/load-execution-scope';
import { materializeStoredFiles } from '../execute/stored-files';
import {
  liveSecretValues,
  maskExecution,
  secretKeys,
  secretsLeftByScripts,
  secretValues,
} from '../history/mask-secrets';
import { recordHistory } from '../history/record-history';
import { storableExecution } from '../history/storable-execution';

function hasAnyScript(node: { scripts: { preRequest: string; test: string }; items?: unknown[] }): boolean {
  if (node.scripts.preRequest.trim() !== '' || node.scripts.test.trim() !== '') {
    return true;
  }
  return (node.items ?? []).some((child) =>
    hasAnyScript(child as { scripts: { preRequest: string; test: string } }),
  );
}

/** The variables of every folder in the tree (their secrets are masked in what the run records). */
function folderVariables(items: readonly TItem[], out: TVariable[] = []): TVariable[] {
  for (const item of items) {
    if (item.type === 'folder') {
      out.push(...item.variables);
      folderVariables(item.items, out);
    }
  }
  return out;
}

function isFailed(e: TExecution): boolean {
  return (
    e.error !== undefined || e.scriptFailures.length > 0 || e.assertions.some((a) => !a.passed && !a.skipped)
  );
}

/** The options a run was started with (`ZStartRunRequest`, as stored). */
interface RunOptions {
  environmentId?: string;
  iterations?: number;
  iterationData?: Record<string, unknown>[];
  folders?: string[];
  delayMs?: number;
  timeoutMs?: number;
  bail?: boolean;
  parallel?: number;
}

/** The run's collection was deleted after the run was queued: retrying cannot help. */
export class RunCollectionGone extends Error {
  override readonly name = 'RunCollectionGone';
  constructor() {
    super('Collection not found');
  }
}

/**
 * The run was stopped because its worker is shutting down (SIGTERM): every finished step is recorded, the run is
 * `queued` again, and the job goes back to the queue for another worker, which resumes after the recorded steps.
 */
export class RunHandedBack extends Error {
  override readonly name = 'RunHandedBack';
  constructor() {
    super('The worker stopped: the run goes back to the queue');
  }
}

/** After a shutdown asks a run to stop, how long the step in flight may take before it is aborted too. */
export const HANDBACK_GRACE_MS = 10_000;

/**
 * The `run` job: runs (or resumes) a collection run. Each executed request is recorded once under the unique
 * (run_id, seq) key as it finishes; a worker that picks the run up again after a crash replays the recorded
 * steps from the database (no network) and continues with the rest.
 */
export async function executeRun(
  deps: ExecutionDeps & { events: EventBus },
  opts: {
    runId: string;
    /** Aborted when this worker shuts down: the run stops after its step in flight and throws `RunHandedBack`. */
    shutdown?: AbortSignal;
  },
): Promise<{ status: string }> {
  const db: DbOrTx = deps.db;
  const [run] = await db.select().from(runs).where(eq(runs.id, opts.runId)).limit(1);
  if (!run || run.status === 'passed' || run.status === 'failed' || run.status === 'aborted') {
    return { status: run?.status ?? 'missing' };
  }
  const picked = await db
    .update(runs)
    .set({
      status: 'running',
      attempts: sql`${runs.attempts} + 1`,
      startedAt: run.startedAt ?? new Date(),
      heartbeatAt: new Date(),
    })
    .where(and(eq(runs.id, run.id), inArray(runs.status, ['queued', 'running'])))
    .returning({ id: runs.id });
  if (picked.length === 0) {
    // Cancelled between the read above and this update.
    return { status: 'aborted' };
  }
  // Cancelling (POST /api/runs/:id/cancel) marks the run aborted and says so on the event bus, which reaches this
  // job on whichever instance runs it; should that event be lost, recording the next step finds the status.
  const cancel = new AbortController();
  const stopListening = deps.events.subscribe((event) => {
    if (event.type === 'run.finished' && event.data.runId === run.id && event.data.status === 'aborted') {
      cancel.abort();
    }
  });
  try {
    return await runToEnd(deps, run, { cancel, shutdown: opts.shutdown });
  } finally {
    stopListening();
  }
}

/** How a picked-up run is stopped: cancelled by a user (`cancel`), or handed back as this worker shuts down. */
interface RunStops {
  cancel: AbortController;
  shutdown: AbortSignal | undefined;
}

/** The run itself, once picked up. */
async function runToEnd(
  deps: ExecutionDeps & { events: EventBus },
  run: typeof runs.$inferSelect,
  stops: RunStops,
): Promise<{ status: string }> {
  const db: DbOrTx = deps.db;
  const recordedRows = await db
    .select()
    .from(runExecutions)
    .where(eq(runExecutions.runId, run.id))
    .orderBy(asc(runExecutions.seq));
  const recorded = new Map(recordedRows.map((r) => [r.seq, r.execution]));
  const options = run.options as RunOptions;
  const tree = await getCollectionTree({
    db,
    collectionId: run.collectionId,
    secrets: (variables) => openVariables(deps.box, variables),
  }).catch((error: unknown) => {
    // A collection deleted after the run was queued will not come back: the job handler does not retry this.
    throw isAppError(error) && error.code === 'NOT_FOUND' ? new RunCollectionGone() : error;
  });
  // Files stored with the collection's requests, copied from storage for this attempt of the run.
  const stored = await materializeStoredFiles({
    db,
    storage: deps.storage,
    workspaceId: run.workspaceId,
    sources: treeFileSources(tree.items),
    missingAsAbsentPath: true,
  });
  try {
    return await runWithFiles(
      deps,
      run,
      options,
      { ...tree, items: bindTreeFiles(tree.items, stored.paths) },
      recorded,
      stored.paths,
      stops,
    );
  } finally {
    await stored.dispose();
  }
}

async function runWithFiles(
  deps: ExecutionDeps & { events: EventBus },
  run: typeof runs.$inferSelect,
  options: RunOptions,
  tree: Awaited<ReturnType<typeof getCollectionTree>>,
  recorded: Map<number, TExecution>,
  filePaths: ReadonlyMap<string, string>,
  { cancel, shutdown }: RunStops,
): Promise<{ status: string }> {
  const db: DbOrTx = deps.db;
  const scope = await loadExecutionScope({
    db,
    box: deps.box,
    workspaceId: run.workspaceId,
    environmentId: options.environmentId,
  });
  const loaded = { environment: scope.environment, globals: scope.globals, collection: tree.variables };
  const initialVariables = [
    ...loaded.environment,
    ...loaded.globals,
    ...loaded.collection,
    ...folderVariables(tree.items),
  ];
  // Whoever started the run and may not see secrets (a viewer, or nobody any more) has scripts read them masked.
  const role = run.createdBy ? await getMemberRole(db, run.createdBy, run.workspaceId) : null;
  const viewer = !role || !roleAtLeast(role, 'editor');
  const secrets = secretValues(initialVariables);
  // A script may store a new value (a fetched token) under a secret key mid-run: later executions mask it too.
  const liveKeys = secretKeys(loaded);
  const { workspaceId: _w, revision: _r, createdAt: _c, updatedAt: _u, ...collection } = tree;
  // Shared with the script worker thread that may run this: set when this process shuts down.
  const stopBuffer = shutdown === undefined ? undefined : new SharedArrayBuffer(4);
  const stop = stopBuffer === undefined ? undefined : new Int32Array(stopBuffer);
  let graceTimer: NodeJS.Timeout | undefined;
  const requestStop = () => {
    if (stop !== undefined) {
      Atomics.store(stop, 0, STOP_AFTER_STEP);
      graceTimer = setTimeout(() => Atomics.store(stop, 0, STOP_NOW), HANDBACK_GRACE_MS);
      graceTimer.unref();
    }
  };
  if (shutdown?.aborted) {
    requestStop();
  } else {
    shutdown?.addEventListener('abort', requestStop, { once: true });
  }
  // Scripts run in a worker thread (or here with SCRIPT_WORKERS=0); steps already recorded replay from `recorded`.
  const handle = deps.scripts.run(
    {
      options: {
        collection,
        environment: {
          v: 1,
          id: options.environmentId ?? 'none',
          name: scope.environmentName ?? 'No environment',
          variables: scope.environment,
        },
        globals: scope.globals,
        ...(options.iterations !== undefined ? { iterations: options.iterations } : {}),
        ...(options.iterationData !== undefined ? { iterationData: options.iterationData } : {}),
        ...(options.folders !== undefined ? { folders: options.folders } : {}),
        ...(options.delayMs !== undefined ? { delayMs: options.delayMs } : {}),
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.bail !== undefined ? { bail: options.bail } : {}),
        ...(options.parallel !== undefined ? { parallel: options.parallel } : {}),
        runId: run.id,
        // Applied where the scripts run (this thread or a script worker).
        ...(viewer ? { maskSecretsInScripts: true } : {}),
      },
      withScripts: hasAnyScript(collection),
      recorded: [...recorded],
      watch: liveKeys,
      forward: ['start', 'item'],
      ...(stopBuffer === undefined ? {} : { stop: stopBuffer }),
    },
    { userId: run.createdBy, interactive: false },
    cancel.signal,
  );
  const attemptStarted = performance.now();
  let lastStep = attemptStarted;
  let completed = recorded.size;
  let failed = [...recorded.values()].filter(isFailed).length;
  // Recording is chained so rows and progress land in order even though events arrive synchronously. A link
  // that fails never leaves a rejected promise waiting (the run may go on for minutes before the chain is
  // awaited: an unhandled rejection would end the process): the first failure is kept, later links are skipped,
  // and it is thrown once the run is over, so the job fails (and retries) instead.
  let chain: Promise<void> = Promise.resolve();
  let recordingFailed: { error: unknown } | null = null;
  const record = (step: () => Promise<void>) => {
    chain = chain.then(async () => {
      if (recordingFailed !== null) {
        return;
      }
      try {
        await step();
      } catch (error) {
        recordingFailed = { error };
      }
    });
  };
  handle.on((event) => {
    if (event.type === 'start') {
      const total = event.requestsPerIteration * event.iterations;
      record(async () => {
        await db.update(runs).set({ total }).where(eq(runs.id, run.id));
        deps.events.publish({
          type: 'run.started',
          workspaceId: run.workspaceId,
          actorId: run.createdBy,
          data: { runId: run.id, total },
        });
      });
      return;
    }
    if (event.type !== 'item' || recorded.has(event.cursor.index)) {
      return;
    }
    if (stop !== undefined && Atomics.load(stop, 0) >= STOP_NOW) {
      // Aborted mid-request by the shutdown: not a result. The next worker sends this step again.
      return;
    }
    const seq = event.cursor.index;
    const { iteration } = event.cursor;
    const current =
      liveKeys.length === 0
        ? secrets
        : liveSecretValues(initialVariables, liveKeys, (s, key) => handle.variable(iteration, s, key));
    const execution = storableExecution(maskExecution(hideUploadPaths(event.execution, filePaths), current));
    // A step's time (span and metric): since the previous step ended, its scripts and the run's delay included.
    const stepEnded = performance.now();
    const outcome = executionOutcome(execution);
    tracer()
      .startSpan('run step', {
        kind: SpanKind.CLIENT,
        startTime: performance.timeOrigin + lastStep,
        attributes: { 'apiplay.run.id': run.id, 'apiplay.run.seq': seq, 'apiplay.outcome': outcome },
      })
      .end(performance.timeOrigin + stepEnded);
    deps.metrics?.executions.inc({ kind: 'run', outcome });
    deps.metrics?.executionDuration.observe({ kind: 'run', outcome }, (stepEnded - lastStep) / 1000);
    lastStep = stepEnded;
    record(async () => {
      const inserted = await db
        .insert(runExecutions)
        .values({ runId: run.id, seq, execution })
        .onConflictDoNothing()
        .returning({ seq: runExecutions.seq });
      if (inserted.length === 0) {
        return;
      }
      completed += 1;
      failed += isFailed(execution) ? 1 : 0;
      const [progress] = await db
        .update(runs)
        .set({ completed, failed, heartbeatAt: new Date() })
        .where(eq(runs.id, run.id))
        .returning({ status: runs.status });
      if (progress?.status === 'aborted') {
        cancel.abort();
      }
      await recordHistory({
        db,
        storage: deps.storage,
        inlineMax: deps.historyInlineMax,
        workspaceId: run.workspaceId,
        userId: run.createdBy,
        requestItemId: null,
        runId: run.id,
        execution,
      });
      deps.events.publish({
        type: 'run.progress',
        workspaceId: run.workspaceId,
        actorId: run.createdBy,
        data: {
          runId: run.id,
          seq,
          completed,
          failed,
          name: execution.name,
          status: execution.response?.status ?? null,
        },
      });
    });
  });
  const report = await handle.report.finally(() => {
    clearTimeout(graceTimer);
    shutdown?.removeEventListener('abort', requestStop);
  });
  await chain;
  if (recordingFailed !== null) {
    throw (recordingFailed as { error: unknown }).error;
  }
  deps.metrics?.runDuration.observe((performance.now() - attemptStarted) / 1000);
  if (shutdown?.aborted && report.status === 'aborted') {
    deps.metrics?.runsFinished.inc({ status: 'handed_back' });
    await db.update(runs).set({ status: 'queued' }).where(eq(runs.id, run.id));
    throw new RunHandedBack();
  }
  // What the scripts set is kept, like the CLI's --export-environment (and Postman's runner) does, with the
  // rights of whoever started the run (nobody's, once that account is deleted); a viewer is told in the report.
  let warnings: string[] = [];
  const after = await handle.variables;
  if (run.createdBy) {
    warnings = await saveScriptVariables(deps, {
      workspaceId: run.workspaceId,
      userId: run.createdBy,
      environmentId: options.environmentId,
      collectionId: run.collectionId,
      before: { environment: scope.environment, globals: scope.globals, collection: collection.variables },
      after,
    });
  }
  // The report's own fields (failures, messages) are masked too; its executions are the rows masked above.
  const finalSecrets = secretValues(
    initialVariables,
    secretsLeftByScripts([
      { before: loaded.environment, after: after.environment },
      { before: loaded.globals, after: after.globals },
      { before: loaded.collection, after: after.collection },
    ]),
  );
  const rows = await db
    .select()
    .from(runExecutions)
    .where(eq(runExecutions.runId, run.id))
    .orderBy(asc(runExecutions.seq));
  const final: TRunReport = {
    ...maskSecrets({ ...report, executions: [] }, finalSecrets),
    executions: rows.map((r) => r.execution),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
  // A cancelled run stays `aborted` (with its reason) even when its last request finished as it was cancelled.
  const status = cancel.signal.aborted ? 'aborted' : final.status;
  await db
    .update(runs)
    .set({ status, report: { ...final, status }, completed: rows.length, finishedAt: new Date() })
    .where(eq(runs.id, run.id));
  deps.metrics?.runsFinished.inc({ status });
  deps.events.publish({
    type: 'run.finished',
    workspaceId: run.workspaceId,
    actorId: run.createdBy,
    data: { runId: run.id, status, stats: final.stats },
  });
  return { status };
}
