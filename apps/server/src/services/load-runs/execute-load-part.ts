import { setTimeout as sleep } from 'node:timers/promises';
import { maskSecrets } from '@apiplay/core';
import {
  createPartialEncoder,
  failedPartResult,
  LiveMerger,
  partResult,
  runLoad,
  splitProfile,
} from '@apiplay/core/load';
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import { loadRunParts, loadRuns, type TLoadPartResult } from '../../db/schema';
import type { LoadPartial } from '../../infra/load-channel';
import { finishLoadRun } from './finish-load-run';
import type { LoadDeps } from './load-deps';
import { type LoadInputs, loadInputs } from './load-inputs';
import { requestRow } from './part-metrics';
import { validateLoadOptions } from './validate-load-options';

type LoadRunRow = typeof loadRuns.$inferSelect;

const TERMINAL = new Set(['passed', 'failed', 'aborted']);
/** Between `startAt` being set and the parts starting: time for every part to read it. */
const START_DELAY_MS = 500;
/** How long the merging part waits for the others' results once its own part is over. */
const RESULTS_GRACE_MS = 30_000;

async function readRun(deps: LoadDeps, id: string): Promise<LoadRunRow | undefined> {
  const [row] = await deps.db.select().from(loadRuns).where(eq(loadRuns.id, id)).limit(1);
  return row;
}

async function saveResult(deps: LoadDeps, id: string, part: number, result: TLoadPartResult): Promise<void> {
  await deps.db
    .update(loadRunParts)
    .set({ result })
    .where(and(eq(loadRunParts.loadRunId, id), eq(loadRunParts.part, part), isNull(loadRunParts.result)));
}

/** Waits until the run has a start time (null: it was stopped, failed or is gone first). */
async function waitForStart(deps: LoadDeps, id: string, deadline: number): Promise<Date | null> {
  while (Date.now() < deadline) {
    const run = await readRun(deps, id);
    if (!run || TERMINAL.has(run.status) || run.stopRequested) {
      return null;
    }
    if (run.startAt) {
      return run.startAt;
    }
    await sleep(100);
  }
  return null;
}

/** The first part: once every part's job has started, sets the common start time (or fails the run). */
async function startWhenAllReady(deps: LoadDeps, run: LoadRunRow): Promise<Date | null> {
  const deadline = Date.now() + deps.startTimeoutMs;
  while (Date.now() < deadline) {
    const current = await readRun(deps, run.id);
    if (!current || TERMINAL.has(current.status)) {
      return null;
    }
    if (current.stopRequested) {
      return null;
    }
    const [ready] = await deps.db
      .select({ n: count() })
      .from(loadRunParts)
      .where(eq(loadRunParts.loadRunId, run.id));
    if (Number(ready?.n ?? 0) >= run.parts) {
      const startAt = new Date(Date.now() + (run.parts > 1 ? START_DELAY_MS : 0));
      await deps.db
        .update(loadRuns)
        .set({ startAt, status: 'running', startedAt: startAt })
        .where(eq(loadRuns.id, run.id));
      deps.events.publish({
        type: 'load.started',
        workspaceId: run.workspaceId,
        actorId: run.createdBy,
        data: { loadRunId: run.id, parts: run.parts },
      });
      return startAt;
    }
    await sleep(100);
  }
  return null;
}

/**
 * Runs this part's share of the VUs from `startAt`, sending a partial every second, until the profile ends or
 * the run is stopped; returns (and saves) what it measured.
 */
async function runPart(
  deps: LoadDeps,
  run: LoadRunRow,
  part: number,
  inputs: LoadInputs,
  startAt: Date,
  onPartial: (p: LoadPartial) => void,
): Promise<TLoadPartResult> {
  const checked = validateLoadOptions(run.options, inputs.collection, {
    maxVus: Number.MAX_SAFE_INTEGER,
    maxRate: Number.MAX_SAFE_INTEGER,
    maxDurationMs: Number.MAX_SAFE_INTEGER,
  });
  await sleep(Math.max(0, startAt.getTime() - Date.now()));
  const controller = new AbortController();
  // The stop button (and a run failed meanwhile) reach every part through the database.
  const watch = setInterval(() => {
    readRun(deps, run.id)
      .then((r) => {
        if (!r || r.stopRequested || TERMINAL.has(r.status)) {
          controller.abort();
        }
      })
      .catch(() => undefined);
  }, 500);
  const partial = createPartialEncoder(part);
  const options = run.options;
  const handle = runLoad({
    collection: inputs.collection,
    environment: {
      v: 1,
      id: run.environmentId ?? 'none',
      name: inputs.environmentName ?? '',
      variables: inputs.environment,
    },
    globals: inputs.globals,
    ...(options.folders ? { folders: options.folders } : {}),
    ...(options.iterationData ? { iterationData: options.iterationData } : {}),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(checked.think ? { think: checked.think } : {}),
    profile: splitProfile(checked.profile, run.parts, part),
    part: { index: part, count: run.parts },
    transport: deps.transport,
    ...(inputs.hasScripts ? { scriptEngine: () => deps.createScriptEngine() } : {}),
    signal: controller.signal,
    onInterval: (sample, metrics) => onPartial(partial(sample, metrics)),
  });
  try {
    const result = partResult(await handle.result, (text) => maskSecrets(text, inputs.secrets));
    await saveResult(deps, run.id, part, result);
    return result;
  } finally {
    clearInterval(watch);
  }
}

/** Waits for every part's result (the merging part's own included) up to `deadline`. */
async function collectResults(deps: LoadDeps, run: LoadRunRow, deadline: number): Promise<TLoadPartResult[]> {
  for (;;) {
    const rows = await deps.db
      .select({ result: loadRunParts.result })
      .from(loadRunParts)
      .where(eq(loadRunParts.loadRunId, run.id));
    const done = rows.flatMap((r) => (r.result ? [r.result] : []));
    if (done.length >= run.parts || Date.now() >= deadline) {
      return done;
    }
    await sleep(250);
  }
}

/**
 * The `load` job: one part of a load run. Every part registers, waits for the common start time and runs its
 * share of the VUs. Part 0 also sets that start time once all parts are in, merges the others' per-second
 * partials into the live view (`load.progress`) and the saved series, and — when all parts are over — merges their
 * final histograms into the summary and checks the thresholds.
 */
export async function executeLoadPart(
  deps: LoadDeps,
  opts: { loadRunId: string; part: number; attempt: number },
): Promise<{ status: string }> {
  const run = await readRun(deps, opts.loadRunId);
  if (!run || TERMINAL.has(run.status)) {
    return { status: run?.status ?? 'missing' };
  }
  if (opts.attempt > 1) {
    // A retried part lost its worker mid-run: its VUs and clock are gone, so it does not rejoin.
    await deps.db
      .insert(loadRunParts)
      .values({
        loadRunId: run.id,
        part: opts.part,
        runner: deps.runner,
        result: failedPartResult('the worker running this part stopped'),
      })
      .onConflictDoUpdate({
        target: [loadRunParts.loadRunId, loadRunParts.part],
        set: { result: sql`coalesce(${loadRunParts.result}, excluded.result)` },
      });
    if (opts.part === 0) {
      await finishLoadRun(deps, run, { forced: 'the worker merging this load run stopped' });
    }
    return { status: 'failed' };
  }
  await deps.db
    .insert(loadRunParts)
    .values({ loadRunId: run.id, part: opts.part, runner: deps.runner })
    .onConflictDoNothing();
  const inputs = await loadInputs({
    db: deps.db,
    box: deps.box,
    workspaceId: run.workspaceId,
    collectionId: run.collectionId,
    environmentId: run.environmentId ?? undefined,
  });
  if (opts.part !== 0) {
    const startAt = await waitForStart(deps, run.id, Date.now() + deps.startTimeoutMs + 5000);
    if (startAt === null) {
      await saveResult(
        deps,
        run.id,
        opts.part,
        failedPartResult('the load run ended before this part started'),
      );
      return { status: 'aborted' };
    }
    await runPart(deps, run, opts.part, inputs, startAt, (p) => deps.channel.publish(run.id, p));
    return { status: 'done' };
  }

  const progress: Promise<void>[] = [];
  const merger = new LiveMerger(run.parts, (sample, merged) => {
    const requests = [...merged.byName].map(([name, s]) => requestRow(name, s));
    progress.push(
      deps.db
        .update(loadRuns)
        .set({ series: sql`${loadRuns.series} || ${JSON.stringify([sample])}::jsonb` })
        .where(eq(loadRuns.id, run.id))
        .then(() => undefined),
    );
    deps.events.publish({
      type: 'load.progress',
      workspaceId: run.workspaceId,
      actorId: run.createdBy,
      data: { loadRunId: run.id, sample, requests },
    });
  });
  const unsubscribe = await deps.channel.subscribe(run.id, (p) => merger.add(p));
  const ticker = setInterval(() => merger.tick(), 500);
  try {
    const startAt = await startWhenAllReady(deps, run);
    if (startAt === null) {
      const current = await readRun(deps, run.id);
      if (current && !TERMINAL.has(current.status)) {
        await finishLoadRun(deps, current, {
          forced: current.stopRequested
            ? 'stopped before it started'
            : `only some of its ${run.parts} parts were taken by a worker within ${Math.round(deps.startTimeoutMs / 1000)} s (is LOAD_PARTS more than the free workers?)`,
        });
      }
      return { status: 'failed' };
    }
    await runPart(deps, run, 0, inputs, startAt, (p) => merger.add(p));
    const results = await collectResults(deps, run, Date.now() + RESULTS_GRACE_MS);
    merger.flush();
    await Promise.allSettled(progress);
    const current = (await readRun(deps, run.id)) ?? run;
    return { status: await finishLoadRun(deps, current, { results }) };
  } finally {
    clearInterval(ticker);
    await unsubscribe();
  }
}

/**
 * A part whose job failed unexpectedly records why (so the merging part stops waiting for it); when it was the
 * merging part, the run ends as failed with what was saved.
 */
export async function abandonLoadPart(
  deps: LoadDeps,
  opts: { loadRunId: string; part: number; message: string },
): Promise<void> {
  const run = await readRun(deps, opts.loadRunId);
  if (!run || TERMINAL.has(run.status)) {
    return;
  }
  await deps.db
    .insert(loadRunParts)
    .values({
      loadRunId: run.id,
      part: opts.part,
      runner: deps.runner,
      result: failedPartResult(opts.message),
    })
    .onConflictDoUpdate({
      target: [loadRunParts.loadRunId, loadRunParts.part],
      set: { result: sql`coalesce(${loadRunParts.result}, excluded.result)` },
    });
  if (opts.part === 0) {
    await finishLoadRun(deps, run, { forced: opts.message });
  }
}
