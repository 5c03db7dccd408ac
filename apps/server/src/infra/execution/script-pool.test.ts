import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError, ZRequestV1 } from '@apiplay/core';
import { afterAll, describe, expect, it } from 'vitest';
import { ScriptPool } from './script-pool';
import type { TaskRequest } from './script-protocol';

/**
 * The pool's own duties, with a stand-in worker that speaks the protocol: a task whose URL is `spin` blocks its
 * thread forever (what a script QuickJS cannot interrupt would do), `exit` kills the thread, `hit` asks for a
 * rate-limit answer and reports it as a run event; anything else is answered at once.
 */
const dir = mkdtempSync(join(tmpdir(), 'apiplay-pool-test-'));
const workerFile = join(dir, 'worker.mjs');
writeFileSync(
  workerFile,
  `import { parentPort } from 'node:worker_threads';
setInterval(() => parentPort.postMessage({ type: 'beat' }), 50);
const hits = new Map();
parentPort.on('message', (m) => {
  if (m.type === 'hit-result') { hits.get(m.hit)?.(m.error); return; }
  const url = m.task.input.request.url;
  if (url === 'spin') {
    parentPort.postMessage({ type: 'event', id: m.id, event: { type: 'iteration', iteration: 0, iterations: 1 } });
    for (;;) {}
  }
  if (url === 'exit') { process.exit(3); }
  if (url === 'hit') {
    hits.set(1, (error) => {
      parentPort.postMessage({ type: 'event', id: m.id, event: { type: 'iteration', iteration: 0, iterations: 1 }, live: [error ? error.code : 'allowed'] });
      parentPort.postMessage({ type: 'done', id: m.id, result: { threadId: 0 } });
    });
    parentPort.postMessage({ type: 'hit', id: m.id, hit: 1 });
    return;
  }
  if (url === 'fail') {
    parentPort.postMessage({ type: 'failed', id: m.id, error: { name: 'AppError', message: 'nope', code: 'TARGET_FORBIDDEN', details: { x: 1 } } });
    return;
  }
  parentPort.postMessage({ type: 'done', id: m.id, result: { url } });
});
`,
);

const pools: ScriptPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  rmSync(dir, { recursive: true, force: true });
});

function pool(size: number, stallMs = 400): ScriptPool {
  const p = new ScriptPool({
    size,
    workerData: { policy: { allowPrivate: true }, timeoutMs: 1000 },
    stallMs,
    workerUrl: pathToFileURL(workerFile),
  });
  pools.push(p);
  return p;
}

function task(url: string): TaskRequest {
  return {
    kind: 'execute',
    input: {
      request: ZRequestV1.parse({ v: 1, id: 'r', method: 'GET', url }),
      folders: [],
      environment: [],
      globals: [],
      withScripts: true,
    },
  };
}

describe('ScriptPool', () => {
  it('terminates a worker that stops answering, fails its task, and replaces it', async () => {
    const p = pool(1);
    // Timed from the moment the worker starts spinning: starting a worker thread on a busy machine is not the
    // watchdog's business.
    let started = Number.NaN;
    const stuck = p.run(task('spin'), { onEvent: () => (started = performance.now()) });
    await expect(stuck).rejects.toMatchObject({ code: 'UPSTREAM_FAILED' });
    // Silent for stallMs (400) and caught by the next watchdog round (every 500 ms).
    expect(performance.now() - started).toBeLessThan(3000);
    expect(p.stats().replaced).toBe(1);
    await expect(p.run(task('next'))).resolves.toEqual({ url: 'next' });
    expect(p.stats()).toMatchObject({ workers: 1, running: 0, queued: 0 });
  });

  it('fails the task of a worker that exits and carries on with a new one', async () => {
    const p = pool(1);
    await expect(p.run(task('exit'))).rejects.toThrow(/exited \(code 3\)/);
    await expect(p.run(task('after'))).resolves.toEqual({ url: 'after' });
  });

  it('sends new work to other workers while one is held by a script', async () => {
    const p = pool(2, 3000);
    let spinning: () => void = () => undefined;
    const spun = new Promise<void>((resolve) => {
      spinning = resolve;
    });
    const stuck = p.run(task('spin'), { onEvent: () => spinning() });
    stuck.catch(() => undefined);
    // Once its heartbeat is late, the held worker gets nothing new; a second worker starts.
    await spun;
    await new Promise((r) => setTimeout(r, 1200));
    const results = await Promise.all([p.run(task('a')), p.run(task('b'))]);
    expect(results).toEqual([{ url: 'a' }, { url: 'b' }]);
    expect(p.stats().workers).toBe(2);
    await expect(stuck).rejects.toBeInstanceOf(AppError);
  }, 10_000);

  it('answers rate-limit questions and passes run events on', async () => {
    const p = pool(1);
    const seen: unknown[] = [];
    await p.run(task('hit'), {
      onHit: async () => {
        throw new AppError('RATE_LIMITED', 'slow down');
      },
      onEvent: (event, live) => seen.push([event.type, live]),
    });
    expect(seen).toEqual([['iteration', ['RATE_LIMITED']]]);
  });

  it('turns a failure back into the AppError it was', async () => {
    const p = pool(1);
    const error = await p.run(task('fail')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'TARGET_FORBIDDEN', message: 'nope', details: { x: 1 } });
  });

  it('refuses work once closed', async () => {
    const p = pool(1);
    await p.close();
    await expect(p.run(task('late'))).rejects.toThrow(/closed/);
  });
});
