import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, AppErrorCode, type RunEvent } from '@apiplay/core';
import type {
  FromWorker,
  ScriptWorkerData,
  TaskRequest,
  TaskResult,
  ToWorker,
  WireError,
} from './script-protocol';
import { HEARTBEAT_MS, toWireError } from './script-protocol';

export interface ScriptPoolOptions {
  /** Worker threads at most (started when first needed). */
  size: number;
  workerData: ScriptWorkerData;
  /**
   * A worker whose heartbeat has been silent this long is terminated and replaced, with its tasks failed: the
   * per-script time limit plus a grace period (QuickJS's own interrupt normally stops a script long before).
   */
  stallMs: number;
  /** Tasks one worker runs at once (they mostly wait on the network). */
  tasksPerWorker?: number;
  /** Tasks waiting for a worker beyond this are refused with 429. */
  maxQueued?: number;
  log?: (message: string) => void;
  /** The worker entry (default: `script-worker.js` beside the bundle, or a bundle of the source). */
  workerUrl?: URL;
}

/** What the caller of a task hears while it runs. */
export interface TaskHandlers {
  onEvent?(event: RunEvent, live: unknown[] | undefined): void;
  /** A `pm.sendRequest` is about to go out: resolve to let it, reject (AppError) to refuse it. */
  onHit?(): Promise<void>;
  /** Cancels a run task: the worker stops its runner, which still reports (`aborted`). */
  signal?: AbortSignal;
}

interface Pending {
  handlers: TaskHandlers;
  resolve(result: TaskResult): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  tasks: Map<number, Pending>;
  lastBeat: number;
  stopped: boolean;
}

const CODES = new Set<string>(Object.values(AppErrorCode));
/** Heartbeats late by this much mark a worker as held by a running script (4 beats missed). */
const BUSY_AFTER_MS = 4 * HEARTBEAT_MS;

function fromWire(error: WireError): Error {
  if (error.code !== undefined && CODES.has(error.code)) {
    return new AppError(error.code as AppErrorCode, error.message, error.details);
  }
  const out = new Error(error.message);
  out.name = error.name;
  return out;
}

let devBundle: Promise<URL> | undefined;

/**
 * From source (tests), Node cannot load the TypeScript worker entry: bundle it once per thread with esbuild, the
 * way `build.mjs` does, into node_modules/.cache (so its external packages, QuickJS, resolve as in the build),
 * under a name derived from its content: test files share it and nothing piles up until the sources change.
 */
function bundleFromSource(): Promise<URL> {
  devBundle ??= (async () => {
    const { createHash } = await import('node:crypto');
    const {
      existsSync: exists,
      mkdirSync,
      readdirSync,
      renameSync,
      rmSync,
      statSync,
      writeFileSync,
    } = await import('node:fs');
    const { join } = await import('node:path');
    const esbuild = await import('esbuild');
    const dir = fileURLToPath(new URL('../../../node_modules/.cache/apiplay/', import.meta.url));
    const built = await esbuild.build({
      entryPoints: [fileURLToPath(new URL('./script-worker.ts', import.meta.url))],
      outfile: join(dir, 'script-worker.mjs'),
      write: false,
      bundle: true,
      platform: 'node',
      format: 'esm',
      conditions: ['source'],
      external: ['quickjs-emscripten', '@jitl/*', 'curlconverter'],
      logLevel: 'warning',
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
    });
    const code = built.outputFiles[0]?.contents ?? new Uint8Array();
    const out = join(
      dir,
      `script-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`,
    );
    if (!exists(out)) {
      mkdirSync(dir, { recursive: true });
      // Written aside and renamed: a parallel test file never loads a half-written bundle.
      const partial = `${out}.${process.pid}.${Math.random().toString(36).slice(2)}`;
      writeFileSync(partial, code);
      renameSync(partial, out);
      // Bundles of sources edited since (a day untouched) go; a test still running on one keeps it.
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (
          name.startsWith('script-worker-') &&
          path !== out &&
          statSync(path).mtimeMs < Date.now() - 86_400_000
        ) {
          rmSync(path, { force: true });
        }
      }
    }
    return pathToFileURL(out);
  })();
  return devBundle;
}

function defaultWorkerUrl(): Promise<URL> {
  const built = new URL('./script-worker.js', import.meta.url);
  return existsSync(fileURLToPath(built)) ? Promise.resolve(built) : bundleFromSource();
}

/**
 * A pool of worker threads that run the executions which have scripts (see `script-worker.ts`), so QuickJS never
 * runs on the server's event loop. A task is one Send or one collection run; a worker runs several at once
 * (least-loaded first, new workers started while some are idle-less and the pool is not full). A worker that stops
 * answering — a script stuck where QuickJS's interrupt cannot reach — is terminated and replaced.
 */
export class ScriptPool {
  readonly #opts: Required<Omit<ScriptPoolOptions, 'log' | 'workerUrl'>> & Pick<ScriptPoolOptions, 'log'>;
  readonly #url: Promise<URL>;
  readonly #slots: Slot[] = [];
  readonly #queue: { id: number; task: TaskRequest; pending: Pending }[] = [];
  #nextId = 0;
  #replaced = 0;
  #watchdog: ReturnType<typeof setInterval> | undefined;
  #lastCheck = 0;
  #closed = false;
  #resolvedUrl: URL | undefined;

  constructor(opts: ScriptPoolOptions) {
    this.#opts = {
      size: Math.max(1, opts.size),
      workerData: opts.workerData,
      stallMs: opts.stallMs,
      tasksPerWorker: opts.tasksPerWorker ?? 8,
      maxQueued: opts.maxQueued ?? 1000,
      log: opts.log,
    };
    this.#url = opts.workerUrl ? Promise.resolve(opts.workerUrl) : defaultWorkerUrl();
    // Nobody may be waiting yet: a failed bundle surfaces through run().
    this.#url.catch(() => undefined);
  }

  /** Run one task in a worker; resolves with its result or rejects with the error it failed with. */
  async run(task: TaskRequest, handlers: TaskHandlers = {}): Promise<TaskResult> {
    this.#resolvedUrl = await this.#url;
    if (this.#closed) {
      throw new AppError('INTERNAL', 'The script pool is closed');
    }
    if (this.#queue.length >= this.#opts.maxQueued) {
      throw new AppError('RATE_LIMITED', 'The server is busy running scripts; try again shortly', {
        retryAfterSeconds: 1,
      });
    }
    return new Promise<TaskResult>((resolve, reject) => {
      this.#nextId += 1;
      this.#queue.push({ id: this.#nextId, task, pending: { handlers, resolve, reject } });
      this.#pump();
    });
  }

  /** For tests and metrics. */
  stats(): { workers: number; running: number; queued: number; replaced: number } {
    let running = 0;
    for (const slot of this.#slots) {
      running += slot.tasks.size;
    }
    return { workers: this.#slots.length, running, queued: this.#queue.length, replaced: this.#replaced };
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#watchdog);
    const closed = new AppError('INTERNAL', 'The server is shutting down');
    for (const { pending } of this.#queue.splice(0)) {
      pending.reject(closed);
    }
    await Promise.all(this.#slots.splice(0).map((slot) => this.#stop(slot, closed)));
  }

  #pump(): void {
    const now = performance.now();
    while (this.#queue.length > 0 && !this.#closed) {
      let best: Slot | undefined;
      for (const slot of this.#slots) {
        // A worker whose heartbeat is late is running a script right now: new work waits for another.
        const held = slot.tasks.size > 0 && now - slot.lastBeat > BUSY_AFTER_MS;
        if (!held && (best === undefined || slot.tasks.size < best.tasks.size)) {
          best = slot;
        }
      }
      if ((best === undefined || best.tasks.size > 0) && this.#slots.length < this.#opts.size) {
        best = this.#spawn();
      }
      if (best === undefined || best.tasks.size >= this.#opts.tasksPerWorker) {
        return;
      }
      const next = this.#queue.shift();
      if (next === undefined) {
        return;
      }
      best.tasks.set(next.id, next.pending);
      const message: ToWorker = { type: 'task', id: next.id, task: next.task };
      best.worker.postMessage(message);
      this.#forwardAbort(best, next.id, next.pending.handlers.signal);
    }
  }

  /** A cancelled task is told so in its worker (also when it was cancelled while still queued). */
  #forwardAbort(slot: Slot, id: number, signal: AbortSignal | undefined): void {
    if (signal === undefined) {
      return;
    }
    const send = () => {
      if (!slot.stopped && slot.tasks.has(id)) {
        const message: ToWorker = { type: 'abort', id };
        slot.worker.postMessage(message);
      }
    };
    if (signal.aborted) {
      send();
      return;
    }
    signal.addEventListener('abort', send, { once: true });
  }

  #spawn(): Slot {
    // Set before any task is queued: run() awaits the entry first.
    const url = this.#resolvedUrl;
    if (url === undefined) {
      throw new Error('script worker entry not resolved');
    }
    const worker = new Worker(url, { workerData: this.#opts.workerData });
    const slot: Slot = { worker, tasks: new Map(), lastBeat: performance.now(), stopped: false };
    worker.on('message', (message: FromWorker) => this.#onMessage(slot, message));
    worker.on('error', (error) => {
      this.#opts.log?.(`script worker failed: ${error.message}`);
    });
    worker.on('exit', (code) => {
      if (!slot.stopped) {
        this.#retire(slot, new AppError('INTERNAL', `A script worker exited (code ${code})`));
      }
    });
    this.#slots.push(slot);
    this.#watchdog ??= setInterval(() => this.#check(), 500).unref();
    return slot;
  }

  #onMessage(slot: Slot, message: FromWorker): void {
    const late = performance.now() - slot.lastBeat > BUSY_AFTER_MS;
    slot.lastBeat = performance.now();
    switch (message.type) {
      case 'beat':
        // A worker free again after a long script takes the work that waited.
        if (late && this.#queue.length > 0) {
          this.#pump();
        }
        return;
      case 'event':
        slot.tasks.get(message.id)?.handlers.onEvent?.(message.event, message.live);
        return;
      case 'hit': {
        const onHit = slot.tasks.get(message.id)?.handlers.onHit;
        const answer = (error?: WireError) => {
          const reply: ToWorker = {
            type: 'hit-result',
            id: message.id,
            hit: message.hit,
            ...(error ? { error } : {}),
          };
          if (!slot.stopped) {
            slot.worker.postMessage(reply);
          }
        };
        if (onHit === undefined) {
          answer();
          return;
        }
        onHit().then(
          () => answer(),
          (error: unknown) => answer(toWireError(error)),
        );
        return;
      }
      case 'done':
      case 'failed': {
        const pending = slot.tasks.get(message.id);
        slot.tasks.delete(message.id);
        if (message.type === 'done') {
          pending?.resolve(message.result);
        } else {
          pending?.reject(fromWire(message.error));
        }
        this.#pump();
        return;
      }
      default: {
        const never: never = message;
        void never;
      }
    }
  }

  #check(): void {
    const now = performance.now();
    const sinceCheck = now - this.#lastCheck;
    this.#lastCheck = now;
    // This thread itself was held up: heartbeats may be waiting in its queue, unread. Judge next time.
    if (sinceCheck > 1500) {
      return;
    }
    for (const slot of [...this.#slots]) {
      if (slot.tasks.size > 0 && now - slot.lastBeat > this.#opts.stallMs) {
        this.#opts.log?.(
          `script worker silent for ${Math.round(now - slot.lastBeat)} ms: terminated and replaced`,
        );
        this.#replaced += 1;
        void this.#stop(
          slot,
          new AppError(
            'UPSTREAM_FAILED',
            'A script ran past its time limit and could not be interrupted; its worker was stopped',
          ),
        );
      }
    }
  }

  /** Take a slot out of the pool and fail its tasks; queued work moves to the other (or a new) worker. */
  #retire(slot: Slot, reason: Error): void {
    slot.stopped = true;
    const at = this.#slots.indexOf(slot);
    if (at >= 0) {
      this.#slots.splice(at, 1);
    }
    for (const pending of slot.tasks.values()) {
      pending.reject(reason);
    }
    slot.tasks.clear();
    this.#pump();
  }

  async #stop(slot: Slot, reason: Error): Promise<void> {
    this.#retire(slot, reason);
    await slot.worker.terminate();
  }
}
