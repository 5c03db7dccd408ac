/**
 * Entry point of a script worker thread (see `script-pool.ts`): runs Sends and collection runs that have scripts,
 * with its own guarded transport (the SSRF policy is rebuilt here from plain options) and its own QuickJS engines.
 * Bundled as `dist/script-worker.js`; from source the pool bundles it on first use.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { RunnerScriptEngine } from '@apiplay/core';
import { createNodeScriptEngine } from '@apiplay/core/node';
import { createSsrfPolicy } from '../ssrf';
import type { FromWorker, ScriptWorkerData, TaskRequest, ToWorker, WireError } from './script-protocol';
import { HEARTBEAT_MS, toWireError } from './script-protocol';
import { runExecuteTask, startRunTask, type TaskHost } from './script-tasks';
import { createServerTransport } from './server-transport';

const port = parentPort;
if (port === null) {
  throw new Error('script-worker.ts runs as a worker thread only');
}
const data = workerData as ScriptWorkerData;
const transport = createServerTransport({ policy: createSsrfPolicy(data.policy), timeoutMs: data.timeoutMs });
const post = (message: FromWorker) => port.postMessage(message);
// The sandbox's libraries, written by build.mjs beside this file (dist/sandbox/); from source, core bundles them.
const librariesDir = new URL('./sandbox/', import.meta.url);

// On Linux a thread has its own nice value, and setpriority(0) changes only the calling thread's: this worker's
// scripts then yield the cores to the server's main thread when both want them. (Elsewhere it would lower the
// whole process, so it is left alone.)
if (process.platform === 'linux') {
  try {
    setPriority(0, 10);
  } catch {
    // not permitted here: scripts still run off the event loop, at normal priority
  }
}

// The heartbeat: a script that keeps this thread's event loop busy past its limit silences it, and the pool
// terminates the worker. It starts at once (the thread may go straight into a script) and goes out again right
// before each script, so the silence a healthy worker shows is one script's run, whatever ran before it: tasks
// can follow each other, or this thread can come up, without the event loop ever reaching its timers.
let lastBeat = 0;
function beat(): void {
  lastBeat = performance.now();
  post({ type: 'beat' });
}
beat();
setInterval(beat, HEARTBEAT_MS);

/** Beats sent closer together than this before scripts are skipped (a run's many short scripts). */
const BEAT_BEFORE_SCRIPT_MS = 50;

function beatingEngine(engine: RunnerScriptEngine): RunnerScriptEngine {
  const precompile = engine.precompile;
  return {
    run(input) {
      if (performance.now() - lastBeat > BEAT_BEFORE_SCRIPT_MS) {
        beat();
      }
      return engine.run(input);
    },
    dispose: () => engine.dispose(),
    ...(precompile ? { precompile: (code: string) => precompile.call(engine, code) } : {}),
  };
}

let nextHit = 0;
const pendingHits = new Map<number, { resolve(): void; reject(error: Error): void }>();

function hostFor(id: number): TaskHost {
  return {
    transport,
    createScriptEngine: async () => beatingEngine(await createNodeScriptEngine({ librariesDir })),
    hitSendRequest: () =>
      new Promise<void>((resolve, reject) => {
        nextHit += 1;
        pendingHits.set(nextHit, { resolve, reject });
        post({ type: 'hit', id, hit: nextHit });
      }),
  };
}

function fromWire(error: WireError): Error {
  const out = new Error(error.message);
  out.name = error.name;
  return out;
}

/** The run tasks going on, by task id: an `abort` message cancels one. */
const aborters = new Map<number, AbortController>();

async function runTask(id: number, task: TaskRequest): Promise<void> {
  const host = hostFor(id);
  if (task.kind === 'execute') {
    post({ type: 'done', id, result: await runExecuteTask(host, task.input) });
    return;
  }
  const { watch, forward } = task.input;
  const wanted = new Set(forward);
  const controller = new AbortController();
  aborters.set(id, controller);
  const handle = startRunTask(host, task.input, controller.signal);
  handle.on((event) => {
    if (!wanted.has(event.type)) {
      return;
    }
    if (event.type === 'item' && watch.length > 0) {
      const { iteration } = event.cursor;
      post({ type: 'event', id, event, live: watch.map((w) => handle.variable(iteration, w.scope, w.key)) });
      return;
    }
    post({ type: 'event', id, event });
  });
  try {
    const [report, variables] = await Promise.all([handle.report, handle.variables]);
    post({ type: 'done', id, result: { report, variables } });
  } finally {
    aborters.delete(id);
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'abort') {
    aborters.get(message.id)?.abort();
    return;
  }
  if (message.type === 'hit-result') {
    const pending = pendingHits.get(message.hit);
    pendingHits.delete(message.hit);
    if (message.error === undefined) {
      pending?.resolve();
    } else {
      pending?.reject(fromWire(message.error));
    }
    return;
  }
  runTask(message.id, message.task).catch((error: unknown) => {
    post({ type: 'failed', id: message.id, error: toWireError(error) });
  });
});
