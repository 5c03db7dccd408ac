import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXECUTIONS_PER_MINUTE } from '../../infra/execution-rate';
import { buildUser, createSelfTargetApp, type TestApp, type TestUser } from '../../test';

/**
 * Scripts run in worker threads: a script that loops forever holds one worker until its time limit and never the
 * server's event loop; a user cannot have more than SCRIPT_CONCURRENCY_PER_USER of them running; and each
 * `pm.sendRequest` counts against the execution rate limit.
 */

let t: TestApp;
let base = '';

beforeAll(async () => {
  ({ base, ...t } = await createSelfTargetApp({
    env: { SCRIPT_WORKERS: '4', SCRIPT_CONCURRENCY_PER_USER: '2' },
  }));
});
afterAll(() => t.close());

function execute(user: TestUser, scripts: { preRequest?: string; test?: string }, url = `${base}/echo/get`) {
  return t.app.inject({
    method: 'POST',
    url: '/api/execute',
    headers: user.headers,
    payload: {
      workspaceId: user.personalWorkspaceId,
      request: {
        v: 1,
        id: 'adhoc',
        method: 'GET',
        url,
        scripts: { preRequest: scripts.preRequest ?? '', test: scripts.test ?? '' },
      },
    },
  });
}

function p99(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? Number.NaN;
}

describe('scripts off the event loop', () => {
  it('keeps /healthz and another user’s /api/auth/me fast while four infinite loops run', async () => {
    const [a, b, observer] = await Promise.all([buildUser(t), buildUser(t), buildUser(t)]);
    const loops = [a, a, b, b].map((user) => execute(user, { preRequest: 'while (true) {}' }));
    let done = false;
    const finished = Promise.all(loops).finally(() => {
      done = true;
    });
    const health: number[] = [];
    const me: number[] = [];
    // Over real sockets, from this same event loop: any time the loop is held shows up in both series.
    for (let i = 0; i < 2000 && !done; i++) {
      const t0 = performance.now();
      const h = await fetch(`${base}/healthz`);
      const t1 = performance.now();
      const m = await fetch(`${base}/api/auth/me`, { headers: observer.headers });
      const t2 = performance.now();
      expect(h.status).toBe(200);
      expect(m.status).toBe(200);
      health.push(t1 - t0);
      me.push(t2 - t1);
      await new Promise((r) => setTimeout(r, 10));
    }
    const results = await finished;
    for (const res of results) {
      expect(res.statusCode, res.body).toBe(200);
      const { execution } = res.json();
      expect(execution.scriptFailures).toEqual([
        expect.objectContaining({ phase: 'preRequest', message: expect.stringMatching(/time limit/) }),
      ]);
    }
    // Four loops of 5 s on four workers: the samples span their whole run.
    expect(health.length).toBeGreaterThan(20);
    expect(p99(health)).toBeLessThan(500);
    expect(p99(me)).toBeLessThan(500);
  }, 60_000);
});

describe('per-user concurrency of executions with scripts', () => {
  const slow = 'await new Promise((resolve) => setTimeout(resolve, 1500));';

  it('answers 429 with Retry-After beyond the cap, and other users are not affected', async () => {
    const [user, other] = await Promise.all([buildUser(t), buildUser(t)]);
    const first = [execute(user, { preRequest: slow }), execute(user, { preRequest: slow })];
    // Let the first two take their slots.
    await new Promise((r) => setTimeout(r, 300));
    const third = await execute(user, { preRequest: slow });
    expect(third.statusCode, third.body).toBe(429);
    expect(third.headers['retry-after']).toBe('1');
    expect(third.json().error.code).toBe('RATE_LIMITED');
    const others = await execute(other, { test: 'pm.test("ok", () => {});' });
    expect(others.statusCode, others.body).toBe(200);
    for (const res of await Promise.all(first)) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().execution.scriptFailures).toEqual([]);
    }
    // Slots come back: the next one goes through.
    const after = await execute(user, { test: 'pm.test("ok", () => {});' });
    expect(after.statusCode, after.body).toBe(200);
  }, 30_000);

  it('queues async executions beyond the cap instead of refusing them', async () => {
    const user = await buildUser(t);
    const jobs = await Promise.all(
      [0, 1, 2].map(() =>
        t.app.inject({
          method: 'POST',
          url: '/api/execute?async=1',
          headers: user.headers,
          payload: {
            workspaceId: user.personalWorkspaceId,
            request: {
              v: 1,
              id: 'adhoc',
              method: 'GET',
              url: `${base}/echo/get`,
              scripts: {
                preRequest:
                  'console.log(String(Date.now())); await new Promise((r) => setTimeout(r, 400)); console.log(String(Date.now()));',
                test: '',
              },
            },
          },
        }),
      ),
    );
    await t.ctx.jobs.drain();
    const spans: [number, number][] = [];
    for (const job of jobs) {
      expect(job.statusCode, job.body).toBe(202);
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/jobs/${job.json().jobId}`,
        headers: user.headers,
      });
      expect(res.json(), res.body).toMatchObject({ status: 'completed' });
      const { execution } = res.json().result;
      expect(execution.scriptFailures).toEqual([]);
      const [from, to] = execution.console.map((c: { message: string }) => Number(c.message));
      spans.push([from, to]);
    }
    // The job queue would run all three at once; with a cap of 2 the third started after one had ended.
    const overlapping = (at: number) => spans.filter(([from, to]) => from <= at && at < to).length;
    expect(Math.max(...spans.map(([from]) => overlapping(from)))).toBeLessThanOrEqual(2);
  }, 30_000);
});

describe('pm.sendRequest and the execution rate limit', () => {
  it('counts each sendRequest: once the limit is used up the script’s sendRequest fails', async () => {
    const user = await buildUser(t);
    // Use up all but one execution of this minute's window: the execute itself takes the last one.
    for (let i = 0; i < EXECUTIONS_PER_MINUTE - 1; i++) {
      await t.ctx.rateLimiter.hit(`execute:user:${user.id}`, EXECUTIONS_PER_MINUTE, 60_000);
    }
    const res = await execute(user, {
      preRequest: `pm.sendRequest('${base}/echo/get', (err, res) => {
        pm.environment.set('outcome', err ? 'refused: ' + (err.message || String(err)) : 'sent ' + res.code);
      });`,
      test: `pm.test('sendRequest refused', () => pm.expect(pm.environment.get('outcome')).to.match(/^refused: .*Too many executions/));`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().execution.assertions).toEqual([
      { name: 'sendRequest refused', passed: true, skipped: false },
    ]);
    // And the execute route itself is now refused too.
    const next = await execute(user, {});
    expect(next.statusCode).toBe(429);
  });

  it('lets sendRequest through while the limit holds', async () => {
    const user = await buildUser(t);
    const res = await execute(user, {
      preRequest: `pm.sendRequest('${base}/echo/get', (err, res) => {
        pm.environment.set('outcome', err ? 'refused' : 'sent ' + res.code);
      });`,
      test: `pm.test('sent', () => pm.expect(pm.environment.get('outcome')).to.equal('sent 200'));`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().execution.assertions).toEqual([{ name: 'sent', passed: true, skipped: false }]);
  });
});
