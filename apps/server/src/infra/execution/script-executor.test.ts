import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RunEvent, ZCollectionV1, ZRequestV1 } from '@apiplay/core';
import { createNodeScriptEngine } from '@apiplay/core/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from '../rate-limiter';
import { createSsrfPolicy } from '../ssrf';
import { createScriptExecutor, type ScriptExecutor } from './script-executor';
import type { RunTaskInput } from './script-tasks';
import { createServerTransport } from './server-transport';

/**
 * The same Send and the same run give the same results, events and variables whether their scripts run on this
 * thread (SCRIPT_WORKERS=0) or in a worker thread: only the timings differ.
 */

let target: Server;
let base = '';
const executors: ScriptExecutor[] = [];
const transport = createServerTransport({
  policy: createSsrfPolicy({ allowPrivate: true }),
  timeoutMs: 30_000,
});

function executor(workers: number): ScriptExecutor {
  const e = createScriptExecutor({
    workers,
    perUser: 4,
    rateLimiter: new MemoryRateLimiter(),
    transport,
    createScriptEngine: () => createNodeScriptEngine(),
    workerData: { policy: { allowPrivate: true }, timeoutMs: 30_000 },
    stallMs: 7500,
  });
  executors.push(e);
  return e;
}

beforeAll(async () => {
  let n = 0;
  target = createServer((req, res) => {
    n += 1;
    res.sendDate = false;
    res.setHeader('content-type', 'application/json');
    res.setHeader('set-cookie', `seen=${req.url?.length ?? 0}; Path=/`);
    res.end(JSON.stringify({ url: req.url, method: req.method, n: n % 1 }));
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await Promise.all(executors.map((e) => e.close()));
  await transport.close();
  await new Promise((resolve) => target.close(resolve));
});

/** Timings and run clocks are the only fields that may differ between two executions. */
function normalize(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v) => {
    if (key === 'timings') {
      return 'timings';
    }
    if (key === 'startedAt' || key === 'finishedAt' || key === 'responseTime') {
      return 'clock';
    }
    return v;
  });
}

const preRequest = () => `
  pm.environment.set('token', 'tok-' + pm.environment.get('seed'));
  pm.globals.set('g', 42);
  console.log('pre', pm.request.url.toString());
  pm.request.headers.add({ key: 'X-Pre', value: 'yes' });
  pm.sendRequest('${base}/side', (err, res) => { pm.collectionVariables.set('side', err ? 'err' : res.json().url); });
`;
const test = `
  pm.test('ok', () => pm.response.to.have.status(200));
  pm.test('fails', () => pm.expect(pm.response.json().method).to.equal('POST'));
  pm.test('side call', () => pm.expect(pm.collectionVariables.get('side')).to.equal('/side'));
  console.warn('cookie', pm.cookies.get('seen'));
`;

describe('script executor: in-process and worker give the same results', () => {
  it('a Send with pre-request and test scripts, sendRequest, console and variables', async () => {
    const input = {
      request: ZRequestV1.parse({
        v: 1,
        id: 'r1',
        name: 'Send me',
        method: 'GET',
        url: `${base}/things?token={{token}}`,
        scripts: { preRequest: preRequest(), test },
      }),
      folders: [],
      environment: [{ key: 'seed', value: 's1', enabled: true, secret: false }],
      globals: [],
      withScripts: true,
    };
    const owner = { userId: 'u1', interactive: true };
    const local = await executor(0).execute(input, owner);
    const pooled = await executor(1).execute(input, owner);
    expect(local.execution.assertions.map((a) => a.passed)).toEqual([true, false, true]);
    expect(local.execution.console.length).toBe(2);
    expect(normalize(pooled)).toEqual(normalize(local));
  });

  it('a collection run: report, start and item events, watched variables and final variables', async () => {
    const collection = ZCollectionV1.parse({
      v: 1,
      id: 'c1',
      name: 'Run me',
      scripts: {
        preRequest: 'pm.environment.set("count", (pm.environment.get("count") || 0) + 1);',
        test: '',
      },
      items: [
        {
          type: 'request',
          id: 'a',
          name: 'A',
          method: 'GET',
          url: `${base}/a?c={{count}}`,
          scripts: { preRequest: preRequest(), test },
        },
        {
          type: 'folder',
          id: 'f',
          name: 'F',
          items: [
            {
              type: 'request',
              id: 'b',
              name: 'B',
              method: 'POST',
              url: `${base}/b`,
              scripts: { preRequest: '', test: "pm.test('b', () => pm.response.to.be.ok);" },
            },
          ],
        },
      ],
    });
    const input: RunTaskInput = {
      options: {
        collection,
        environment: {
          v: 1,
          id: 'e',
          name: 'E',
          variables: [{ key: 'seed', value: 'r', enabled: true, secret: false }],
        },
        globals: [],
        iterations: 2,
        runId: 'run-1',
      },
      withScripts: true,
      recorded: [],
      watch: [{ scope: 'environment', key: 'token' }],
      forward: ['start', 'item'],
    };
    const observe = async (e: ScriptExecutor) => {
      const handle = e.run(input, { userId: 'u1', interactive: false });
      const seen: { event: RunEvent; token: unknown }[] = [];
      handle.on((event) => {
        if (event.type === 'start' || event.type === 'item') {
          const iteration = event.type === 'item' ? event.cursor.iteration : 0;
          seen.push({ event, token: handle.variable(iteration, 'environment', 'token') });
        }
      });
      return { report: await handle.report, variables: await handle.variables, seen };
    };
    const local = await observe(executor(0));
    const pooled = await observe(executor(1));
    expect(local.report.executions).toHaveLength(4);
    expect(local.seen.map((s) => s.event.type)).toEqual(['start', 'item', 'item', 'item', 'item']);
    expect(local.seen[1]?.token).toBe('tok-r');
    expect(normalize(pooled)).toEqual(normalize(local));
  });

  // The second loop starts as the first ends, without the worker's event loop reaching its timers in between: the
  // heartbeat must still go out, or the pool would take the worker for stuck and fail both.
  it('two infinite loops sharing one worker both end at their time limit (the worker is not replaced)', async () => {
    const e = executor(1);
    const loop = (id: string) =>
      e.execute(
        {
          request: ZRequestV1.parse({
            v: 1,
            id,
            method: 'GET',
            url: `${base}/loop`,
            scripts: { preRequest: 'while (true) {}', test: '' },
          }),
          folders: [],
          environment: [],
          globals: [],
          withScripts: true,
        },
        { userId: id, interactive: true },
      );
    const results = await Promise.all([loop('l1'), loop('l2')]);
    for (const { execution } of results) {
      expect(execution.scriptFailures).toEqual([
        expect.objectContaining({ message: 'Script exceeded the time limit of 5000 ms' }),
      ]);
      expect(execution.response?.status).toBe(200);
    }
  }, 30_000);
});

describe('script executor: what secrets ask of the runner holds where the scripts run (in-process and worker)', () => {
  const environment = [
    { key: 'key', value: 'the-real-key', enabled: true, secret: true, allowedHosts: ['127.0.0.1'] },
    {
      key: 'guarded',
      value: 'only-for-the-api',
      enabled: true,
      secret: true,
      allowedHosts: ['api.example.test'],
    },
  ];
  const send = (url: string, maskSecretsInScripts: boolean) => ({
    request: ZRequestV1.parse({
      v: 1,
      id: 'r-secrets',
      name: 'Secrets',
      method: 'GET',
      url,
      scripts: {
        preRequest: '',
        test: "pm.test('masked', () => pm.expect(pm.environment.get('key')).to.equal('********'));",
      },
    }),
    folders: [],
    environment,
    globals: [],
    withScripts: true,
    ...(maskSecretsInScripts ? { maskSecretsInScripts: true } : {}),
  });
  const owner = { userId: 'u-secrets', interactive: true };

  it("a viewer's scripts read secrets masked while the request carries the real value", async () => {
    for (const workers of [0, 1]) {
      const viewer = await executor(workers).execute(send(`${base}/s?k={{key}}`, true), owner);
      expect(
        viewer.execution.assertions.map((a) => a.passed),
        `workers=${workers}`,
      ).toEqual([true]);
      expect(viewer.execution.response?.body, `workers=${workers}`).toContain('the-real-key');
      const editor = await executor(workers).execute(send(`${base}/s?k={{key}}`, false), owner);
      expect(
        editor.execution.assertions.map((a) => a.passed),
        `workers=${workers}`,
      ).toEqual([false]);
    }
  });

  it("a secret's host allow-list refuses a send to another host", async () => {
    for (const workers of [0, 1]) {
      const refused = await executor(workers).execute(send(`${base}/g?x={{guarded}}`, false), owner);
      expect(refused.execution.error?.code, `workers=${workers}`).toBe('SECRET_HOST_FORBIDDEN');
      expect(refused.execution.response, `workers=${workers}`).toBeUndefined();
    }
  });
});
