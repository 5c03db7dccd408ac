import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { RunnerScriptEngine } from '@apiplay/core';
import {
  buildProfile,
  type IntervalSample,
  LoadInputError,
  type LoadMetrics,
  type LoadProfile,
  type LoadResult,
  parseDuration,
  parseThink,
  parseThreshold,
  partsFor,
  planLoad,
  runLoad,
  summarize,
  type ThinkTime,
  type Threshold,
} from '@apiplay/core/load';
import pc from 'picocolors';
import { besideEntry } from '../bundle-dir';
import { CliError, ExitCode } from '../exit-codes';
import { collectionHasScripts, inputRunOptions, loadInputs, transportFor } from '../run-inputs';
import { ms, overallRps, pct, thresholdLine } from './format';
import { createProgress } from './live';
import type { LoadCommandOptions, Output, OutputKind } from './options';
import { loadReportHtml } from './report-html';
import { loadReportJson } from './report-json';
import { loadReportJunit } from './report-junit';
import { runLoadInThreads } from './run-threads';
import type { ThreadRunOptions } from './thread-protocol';

const OUTPUT_KINDS: readonly OutputKind[] = ['json', 'html', 'junit'];
/** More threads than this only adds memory (each has its own V8 heap and QuickJS engine), never speed. */
const MAX_THREADS = 256;

function parseOutputs(outs: readonly string[]): Output[] {
  return outs.map((o) => {
    const at = o.indexOf('=');
    const kind = (at < 0 ? o : o.slice(0, at)).trim();
    const path = at < 0 ? '' : o.slice(at + 1).trim();
    if (!OUTPUT_KINDS.includes(kind as OutputKind)) {
      throw new CliError(
        `--out '${o}': unknown report "${kind}" (use json=<file>, html=<file> or junit=<file>)`,
      );
    }
    if (path === '') {
      throw new CliError(`--out '${o}': give a file, e.g. ${kind}=load.${kind === 'junit' ? 'xml' : kind}`);
    }
    return { kind: kind as OutputKind, path };
  });
}

async function createEngine(timeoutMs: number | undefined): Promise<RunnerScriptEngine> {
  const { createSandboxEngine } = await import('../sandbox-engine');
  // build.mjs puts sandbox/ next to the entry bundle (dist/apiplay.js); this file is bundled into dist/chunks/, so
  // its own import.meta.url would point beside the chunks. A load test runs scripts long enough for V8's optimizing
  // wasm tier to pay off.
  const sandboxDir = besideEntry('sandbox/') ?? new URL('./sandbox/', import.meta.url);
  return createSandboxEngine(sandboxDir, timeoutMs, { longRun: true });
}

/** Everything that can be wrong with the options, found before a request is sent (LoadInputError → exit 2). */
function validate(o: LoadCommandOptions) {
  const profile = buildProfile({
    ...(o.vus === undefined ? {} : { vus: o.vus }),
    ...(o.duration === undefined ? {} : { duration: o.duration }),
    stages: o.stage,
    ...(o.rate === undefined ? {} : { rate: o.rate }),
    ...(o.maxVus === undefined ? {} : { maxVus: o.maxVus }),
  });
  const thresholds: Threshold[] = o.threshold.map(parseThreshold);
  const think: ThinkTime | undefined = o.think === undefined ? undefined : parseThink(o.think);
  const gracefulStopMs =
    o.gracefulStop === undefined ? undefined : parseDuration(o.gracefulStop, '--graceful-stop');
  const outputs = parseOutputs(o.out);
  if (o.threads !== undefined && o.threads > MAX_THREADS) {
    throw new CliError(`--threads: ${o.threads} is more than ${MAX_THREADS}`);
  }
  return { profile, thresholds, think, gracefulStopMs, outputs };
}

/**
 * `--threads`, never more than the peak VU count (a thread with no VU would only wait). By default one per core
 * (`os.availableParallelism()`) when the collection has scripts: one thread running them is CPU-bound long before
 * the target is (measured +15% req/s with 2 threads on 2 cores, with the scripts of a turn batched). Without
 * scripts one thread: it sent ~25,000 req/s to a loopback target, more than enough, and a second thread was 8%
 * slower there (less batching per thread).
 */
function threadsFor(requested: number | undefined, profile: LoadProfile, hasScripts: boolean): number {
  const byDefault = hasScripts ? Math.min(MAX_THREADS, availableParallelism()) : 1;
  return partsFor(profile, requested ?? byDefault);
}

function summary(result: LoadResult, collectionName: string): string {
  const m = result.metrics;
  const l = summarize(m.total.duration);
  const checks = m.total.checksPassed + m.total.checksFailed;
  const out: string[] = [
    '',
    pc.bold(
      `${collectionName} — load test, ${(result.durationMs / 1000).toFixed(1)} s${result.aborted ? ' (interrupted)' : ''}`,
    ),
  ];
  if (result.thresholds.length > 0) {
    out.push('  thresholds');
    for (const r of result.thresholds) {
      out.push(
        `    ${r.passed ? pc.green('✓') : pc.red('✗')} ${r.threshold.source}   ${r.passed ? thresholdLine(r) : pc.red(thresholdLine(r))}`,
      );
    }
  }
  out.push(
    `  requests    ${m.total.requests}   ${overallRps(result).toFixed(1)}/s   failed ${pct(m.total.failed, m.total.requests)} (${m.total.failed})`,
    `  latency     avg ${ms(l.avg)}   p50 ${ms(l.med)}   p90 ${ms(l.p90)}   p95 ${ms(l.p95)}   p99 ${ms(l.p99)}   max ${ms(l.max)}`,
    `  checks      ${checks === 0 ? '–' : `${pct(m.total.checksPassed, checks)} (${m.total.checksPassed} of ${checks})`}`,
    `  iterations  ${m.iterations}   dropped ${m.droppedIterations}   script errors ${m.scriptErrors}`,
    `  VUs         peak ${result.peakVus}`,
    '  per request',
  );
  const width = Math.min(40, Math.max(8, ...[...m.byName.keys()].map((k) => k.length)));
  for (const [name, s] of m.byName) {
    const r = summarize(s.duration);
    out.push(
      `    ${name.slice(0, width).padEnd(width)}  ${String(s.requests).padStart(8)}  p50 ${ms(r.med).padStart(8)}  p95 ${ms(r.p95).padStart(8)}  p99 ${ms(r.p99).padStart(8)}  failed ${pct(s.failed, s.requests)}`,
    );
  }
  const errors = [...result.errors].sort((a, b) => b[1] - a[1]).slice(0, 5);
  if (errors.length > 0) {
    out.push('  top errors');
    for (const [message, n] of errors) {
      out.push(`    ${String(n).padStart(8)}  ${message}`);
    }
  }
  if (result.runError) {
    out.push(pc.red(`  run error: ${result.runError}`));
  }
  out.push('');
  return out.join('\n');
}

interface LiveOptions {
  thresholds: Threshold[];
  hasScripts: boolean;
  signal: AbortSignal;
  onInterval: (sample: IntervalSample, metrics: LoadMetrics) => void;
}

/** `--threads 1` (or a single VU): every VU on this thread, one transport and one script engine. */
async function runOnThisThread(run: ThreadRunOptions, live: LiveOptions, o: LoadCommandOptions) {
  const transport = transportFor(o);
  const handle = runLoad({
    ...run,
    thresholds: live.thresholds,
    transport,
    ...(live.hasScripts ? { scriptEngine: () => createEngine(o.timeoutScript) } : {}),
    signal: live.signal,
    onInterval: live.onInterval,
  });
  const result = await handle.result;
  await transport.close();
  return result;
}

/** The run split across `threads` worker threads, merged back into one (load/run-threads.ts). */
async function runThreaded(threads: number, run: ThreadRunOptions, live: LiveOptions, o: LoadCommandOptions) {
  // QuickJS compiled once, here, before any thread starts the clock: the threads share its code.
  const wasmModule = live.hasScripts
    ? await (await import('../sandbox-engine')).compileQuickJs({ longRun: true })
    : undefined;
  return runLoadInThreads({
    threads,
    run,
    thresholds: live.thresholds,
    transport: {
      ...(o.insecure ? { insecure: true } : {}),
      ...(o.workingDir === undefined ? {} : { workingDir: o.workingDir }),
    },
    ...(wasmModule
      ? {
          scripts:
            o.timeoutScript === undefined ? { wasmModule } : { timeoutMs: o.timeoutScript, wasmModule },
        }
      : {}),
    signal: live.signal,
    onInterval: live.onInterval,
  });
}

/**
 * `apiplay load`: returns the exit code (0; 99 when a threshold failed; 1 when interrupted or the script engine did
 * not start). Thresholds are checked on what was measured, interrupted or not.
 */
export async function runLoadCommand(collectionPath: string, o: LoadCommandOptions): Promise<number> {
  let checked: ReturnType<typeof validate>;
  try {
    checked = validate(o);
  } catch (e) {
    throw e instanceof LoadInputError ? new CliError(e.message) : e;
  }
  const { profile, thresholds, think, gracefulStopMs, outputs } = checked;
  const inputs = await loadInputs(collectionPath, o);
  const { collection, warnings, data } = inputs;
  let names: Set<string>;
  try {
    names = new Set(planLoad(collection, o.folder).map((step) => step.item.name));
  } catch (e) {
    throw e instanceof LoadInputError ? new CliError(e.message) : e;
  }
  for (const t of thresholds) {
    if (t.name !== undefined && !names.has(t.name)) {
      throw new CliError(
        `--threshold '${t.source}': no request named "${t.name}" in the run (requests: ${[...names].slice(0, 20).join(', ')})`,
      );
    }
  }
  if (data !== undefined && data.length === 0) {
    throw new CliError(`${o.iterationData}: the data file has no rows`);
  }
  for (const w of warnings) {
    process.stderr.write(`warning: ${w}\n`);
  }

  const progress = createProgress(process.stdout, profile.durationMs, process.stdout.isTTY === true);
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  const run: ThreadRunOptions = {
    ...inputRunOptions(inputs),
    folders: o.folder,
    profile,
    ...(think ? { think } : {}),
    ...(o.timeoutRequest === undefined ? {} : { timeoutMs: o.timeoutRequest }),
    ...(gracefulStopMs === undefined ? {} : { gracefulStopMs }),
  };
  const hasScripts = collectionHasScripts(collection);
  const threads = threadsFor(o.threads, profile, hasScripts);
  const live = {
    thresholds,
    hasScripts,
    signal: controller.signal,
    onInterval: (sample: IntervalSample, metrics: LoadMetrics) => progress.update(sample, metrics),
  };
  const result = threads > 1 ? await runThreaded(threads, run, live, o) : await runOnThisThread(run, live, o);
  process.off('SIGINT', onSignal);
  process.stdout.write(summary(result, collection.name));
  for (const out of outputs) {
    const text =
      out.kind === 'json'
        ? `${JSON.stringify(loadReportJson(result, collection), null, 2)}\n`
        : out.kind === 'html'
          ? loadReportHtml(result, collection.name)
          : loadReportJunit(result, collection.name);
    await writeFile(out.path, text);
    process.stdout.write(`${out.kind} report: ${out.path}\n`);
  }
  if (result.thresholds.some((r) => !r.passed)) {
    return ExitCode.THRESHOLD_FAILED;
  }
  return result.runError !== undefined || result.aborted ? ExitCode.RUN_FAILED : ExitCode.OK;
}
