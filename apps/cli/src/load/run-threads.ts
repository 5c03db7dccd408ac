import { Worker } from 'node:worker_threads';
import {
  failedPartResult,
  type IntervalSample,
  LiveMerger,
  type LoadMetrics,
  type LoadPartResult,
  type LoadResult,
  mergePartResults,
  splitProfile,
  type Threshold,
} from '@apiplay/core/load';
import { besideEntry } from '../bundle-dir';
import type { MainMessage, ThreadInput, ThreadMessage, ThreadRunOptions } from './thread-protocol';

/** After the planned end (or an abort), how long a thread may take to report before it is terminated. */
const STUCK_MS = 30_000;
/** How long a thread that reported may take to exit on its own (closing its sockets) before it is terminated. */
const EXIT_GRACE_MS = 2000;

export interface ThreadedLoadOptions {
  /** Threads to split the run across (≥ 2; the caller keeps it ≤ the peak VU count). */
  threads: number;
  /** The whole run: `profile` is split here, one share per thread. */
  run: ThreadRunOptions;
  thresholds: readonly Threshold[];
  transport: ThreadInput['transport'];
  scripts?: ThreadInput['scripts'];
  signal: AbortSignal;
  /** The merged seconds, as `runLoad`'s `onInterval` gives them on one thread. */
  onInterval?: (sample: IntervalSample, metrics: LoadMetrics) => void;
}

function threadEntry(): URL {
  const url = besideEntry('load-thread.js');
  if (!url) {
    throw new Error('load threads need the built CLI (npm run build -w apps/cli)');
  }
  return url;
}

/**
 * Runs a load test on `threads` worker threads, each running `runLoad` on its share of the profile with its own
 * transport and script engine (a single thread is CPU-bound with scripts). Seconds are merged as every thread
 * reports them (HDR histograms added), and the final result is one run: thresholds checked on the merged metrics.
 * All threads start together once all are ready. A thread that crashes or stops answering ends the run with a run
 * error (the others are aborted), never a hang.
 */
export function runLoadInThreads(o: ThreadedLoadOptions): Promise<LoadResult> {
  const n = o.threads;
  const entry = threadEntry();
  const merger = new LiveMerger(n, (sample, metrics) => o.onInterval?.(sample, metrics), {
    // Threads never lose a message: wait for each one's second, so the series adds up to the totals.
    waitMs: Number.POSITIVE_INFINITY,
  });
  const results: (LoadPartResult | undefined)[] = Array.from({ length: n }, () => undefined);
  const workers: Worker[] = [];
  let ready = 0;
  let runError: string | undefined;
  let startedAt = new Date().toISOString();
  let watchdog: ReturnType<typeof setTimeout> | undefined;

  return new Promise<LoadResult>((resolve) => {
    const post = (w: Worker, m: MainMessage): void => w.postMessage(m);
    const arm = (ms: number): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        for (let i = 0; i < workers.length; i++) {
          fail(i, `did not finish within ${Math.round(ms / 1000)} s; terminated`);
        }
      }, ms);
    };
    let aborting = false;
    const abortAll = (): void => {
      if (!aborting) {
        aborting = true;
        arm(STUCK_MS);
      }
      workers.forEach((w, i) => {
        if (results[i] === undefined) {
          post(w, { type: 'abort' });
        }
      });
    };
    const finishIfDone = (): void => {
      if (results.some((r) => r === undefined)) {
        return;
      }
      clearTimeout(watchdog);
      o.signal.removeEventListener('abort', abortAll);
      merger.flush();
      const result = mergePartResults(results as LoadPartResult[], {
        profile: o.run.profile,
        thresholds: o.thresholds,
        startedAt,
        finishedAt: new Date().toISOString(),
        series: merger.metrics.series,
        aborted: o.signal.aborted,
        ...(runError === undefined ? {} : { runError }),
      });
      void Promise.all(workers.map(exited)).then(() => resolve(result));
    };
    const done = (i: number, result: LoadPartResult): void => {
      if (results[i] !== undefined) {
        return;
      }
      results[i] = result;
      merger.partDone(i);
      finishIfDone();
    };
    /** Thread `i` failed: the run is broken, so the others stop too (what they measured is kept). */
    const fail = (i: number, why: string): void => {
      if (results[i] !== undefined) {
        return;
      }
      const text = `load thread ${i + 1} of ${n}: ${why}`;
      runError ??= text;
      void workers[i]?.terminate();
      abortAll();
      done(i, failedPartResult(text));
    };
    const onMessage = (i: number, m: ThreadMessage): void => {
      switch (m.type) {
        case 'ready':
          if (m.error !== undefined) {
            runError ??= m.error;
            fail(i, m.error);
            return;
          }
          ready += 1;
          if (ready === n && !aborting) {
            startedAt = new Date().toISOString();
            arm(o.run.profile.durationMs + (o.run.gracefulStopMs ?? 5000) + STUCK_MS);
            for (const w of workers) {
              post(w, { type: 'start' });
            }
          }
          return;
        case 'partial':
          merger.add(m.partial);
          return;
        case 'result':
          done(i, m.result);
          return;
      }
    };

    for (let i = 0; i < n; i++) {
      const input: ThreadInput = {
        run: { ...o.run, profile: splitProfile(o.run.profile, n, i) },
        part: { index: i, count: n },
        transport: o.transport,
        ...(o.scripts ? { scripts: o.scripts } : {}),
      };
      const w = new Worker(entry, { workerData: input });
      workers.push(w);
      w.on('message', (m: ThreadMessage) => onMessage(i, m));
      w.on('error', (e) => fail(i, e.message));
      w.on('exit', (code) => fail(i, `exited (code ${code}) before reporting`));
    }
    if (o.signal.aborted) {
      abortAll();
    } else {
      o.signal.addEventListener('abort', abortAll, { once: true });
    }
  });
}

/** Resolves once the thread exited; terminates it if it has not after `EXIT_GRACE_MS`. */
function exited(w: Worker): Promise<void> {
  return new Promise((resolve) => {
    if (w.threadId === -1) {
      resolve(); // already gone
      return;
    }
    const timer = setTimeout(() => void w.terminate(), EXIT_GRACE_MS);
    w.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
