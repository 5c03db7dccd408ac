import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { decodeFromCompressedBase64 } from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { useLoopbackRuntime } from '../../test-support/loopback-runtime';
import { requestItem } from '../../test-support/request-item';
import { createNodeTransport } from '../node/transport';
import type { TCollection, TItem, TRequestItem } from '../schema';
import {
  buildProfile,
  encodeHistogram,
  LoadInputError,
  LoadMetrics,
  parseDuration,
  parseRate,
  parseThink,
  parseThreshold,
  runLoad,
  splitProfile,
  targetVus,
} from '.';

const rt = useLoopbackRuntime();

let seq = 0;
function req(name: string, url: string, scripts: { preRequest?: string; test?: string } = {}): TRequestItem {
  seq += 1;
  return requestItem(`r${seq}`, name, url, {
    scripts: { preRequest: scripts.preRequest ?? '', test: scripts.test ?? '' },
  });
}
function collection(items: TItem[]): TCollection {
  return {
    v: 1,
    id: 'c1',
    name: 'Load test',
    description: '',
    auth: { type: 'none' },
    variables: [{ key: 'base', value: rt.echo.url, enabled: true, secret: false }],
    scripts: { preRequest: '', test: '' },
    items,
  };
}

describe('thresholds', () => {
  it("parses k6's syntax, with per-request names", () => {
    expect(parseThreshold('http_req_duration:p(95)<200')).toMatchObject({
      metric: 'http_req_duration',
      aggregation: { kind: 'p', percentile: 95 },
      op: '<',
      value: 200,
    });
    expect(parseThreshold('http_req_failed: rate < 0.01')).toMatchObject({ aggregation: { kind: 'rate' } });
    expect(parseThreshold('checks:rate>0.99')).toMatchObject({ op: '>', value: 0.99 });
    expect(parseThreshold('http_req_duration{name:Get user}:p(99.9)<=300')).toMatchObject({
      name: 'Get user',
      aggregation: { kind: 'p', percentile: 99.9 },
      op: '<=',
    });
    expect(parseThreshold('http_reqs:count>=10')).toMatchObject({ aggregation: { kind: 'count' } });
  });

  it.each([
    ['http_req_duraton:p(95)<200', /unknown metric "http_req_duraton"/],
    ['http_req_duration:p95<200', /malformed expression "p95<200"/],
    ['http_req_duration:p(95)<', /malformed expression/],
    ['http_req_duration', /expected <metric>:<expression>/],
    ['http_req_failed:p(95)<1', /http_req_failed is a rate: use rate/],
    ['http_req_duration:p(101)<1', /percentile 101 is outside/],
    ['http_req_duration{status:200}:avg<1', /only the \{name:<request name>\} tag/],
    ['iterations{name:x}:count>1', /takes no \{name:…\} tag/],
  ])('rejects %s', (text, message) => {
    expect(() => parseThreshold(text)).toThrow(LoadInputError);
    expect(() => parseThreshold(text)).toThrow(message);
  });
});

describe('profiles', () => {
  it('parses durations, rates and think times', () => {
    expect(parseDuration('1m30s', 'x')).toBe(90_000);
    expect(parseDuration('250ms', 'x')).toBe(250);
    expect(parseDuration('2', 'x')).toBe(2000);
    expect(parseRate('500/s')).toBe(500);
    expect(parseRate('30/m')).toBe(0.5);
    expect(parseRate('100/2s')).toBe(50);
    expect(parseThink('100ms')).toEqual({ minMs: 100, maxMs: 100 });
    expect(parseThink('50ms-200ms')).toEqual({ minMs: 50, maxMs: 200 });
    expect(() => parseThink('200ms-50ms')).toThrow(/ends before it starts/);
  });

  it('ramps VUs linearly through the stages', () => {
    const p = buildProfile({ stages: ['10s:100', '10s:100', '5s:0'] });
    if (p.mode !== 'vus') {
      throw new Error('expected vus');
    }
    expect(p.durationMs).toBe(25_000);
    expect(p.maxVus).toBe(100);
    expect(targetVus(p, 0)).toBe(0);
    expect(targetVus(p, 5000)).toBe(50);
    expect(targetVus(p, 15_000)).toBe(100);
    expect(targetVus(p, 22_500)).toBe(50);
    expect(targetVus(p, 30_000)).toBe(0);
  });

  it.each([
    [{ vus: 5 }, /give --duration .* or --stage/],
    [{ duration: '0s' }, /--duration: must be more than 0/],
    [{ duration: 'forever' }, /never ends/],
    [{ stages: ['inf:10'] }, /never ends/],
    [{ stages: ['0s:10', '0s:0'] }, /last 0s in total/],
    [{ stages: ['10s'] }, /expected <duration>:<target VUs>/],
    [{ stages: ['10s:0'] }, /no stage has a VU target above 0/],
    [{ vus: 20_001, duration: '1s' }, /more than the cap of 10000/],
    [{ vus: 50, duration: '1s', maxVus: 10 }, /more than --max-vus \(10\)/],
    [{ stages: ['1s:500'], cap: 100 }, /more than the cap of 100/],
    [{ rate: '10/s', duration: '1s', vus: 20, maxVus: 5 }, /more than --max-vus/],
    [{ rate: '0/s', duration: '1s' }, /must be more than 0/],
    [{ rate: 'fast', duration: '1s' }, /not a rate/],
    [{ rate: '10/s' }, /--rate needs --duration/],
  ])('rejects %j', (input, message) => {
    expect(() => buildProfile(input)).toThrow(LoadInputError);
    expect(() => buildProfile(input)).toThrow(message);
  });
});

describe('runLoad', () => {
  it('refuses a collection without requests before sending anything', () => {
    expect(() =>
      runLoad({
        collection: collection([]),
        profile: buildProfile({ duration: '1s' }),
        transport: rt.transport,
      }),
    ).toThrow(/has no requests/);
  });

  it('runs the collection with scripts on VUs with their own scopes, data round-robin, and checks thresholds', async () => {
    const before = rt.echo.log.length;
    const c = collection([
      req('Get user', '{{base}}/users/{{user}}?vu={{vuToken}}', {
        preRequest: `if (!pm.variables.get('vuToken')) { pm.collectionVariables.set('vuToken', String(Math.random())); }`,
        test: `pm.test('status 200', () => pm.response.to.have.status(200));
pm.collectionVariables.set('count', (Number(pm.collectionVariables.get('count')) || 0) + 1);`,
      }),
      req('Missing', '{{base}}/status/404', {
        test: `pm.test('is 404', () => pm.expect(pm.response.code).to.equal(404));`,
      }),
    ]);
    const samples: number[] = [];
    const handle = runLoad({
      collection: c,
      profile: buildProfile({ vus: 4, duration: '2500ms' }),
      iterationData: [{ user: 'ann' }, { user: 'bob' }, { user: 'cy' }],
      thresholds: [
        parseThreshold('http_req_duration:p(95)<5000'),
        parseThreshold('checks:rate>0.99'),
        parseThreshold('http_req_failed:rate<0.01'),
        parseThreshold('http_req_duration{name:Get user}:max<5000'),
        parseThreshold('http_req_duration{name:Nope}:max<5000'),
      ],
      transport: rt.transport,
      scriptEngine: rt.engine,
      onInterval: (s) => samples.push(s.requests),
    });
    const r = await handle.result;
    const m = r.metrics;
    expect(r.peakVus).toBe(4);
    expect(m.total.requests).toBeGreaterThanOrEqual(8);
    expect(m.byName.get('Get user')?.requests).toBeGreaterThanOrEqual(4);
    // Every 404 counts as failed (k6's http_req_failed), and the checks all passed.
    expect(m.total.failed).toBe(m.byName.get('Missing')?.requests);
    expect(m.total.checksFailed).toBe(0);
    expect(m.total.checksPassed).toBe(m.total.requests);
    expect(m.iterations).toBeGreaterThanOrEqual(4);
    expect(samples.reduce((a, b) => a + b, 0)).toBe(m.total.requests);
    expect(r.thresholds.map((t) => t.passed)).toEqual([true, true, false, true, false]);
    expect(Number.isNaN(r.thresholds[4]?.actual)).toBe(true);
    expect(r.passed).toBe(false);
    // Rows round-robin, and each VU kept its own token: 4 distinct tokens, not one shared.
    const sent = rt.echo.log.slice(before).filter((l) => l.startsWith('GET /users/'));
    const users = new Set(sent.map((l) => /\/users\/(\w+)/.exec(l)?.[1]));
    expect(users).toEqual(new Set(['ann', 'bob', 'cy']));
    const tokens = new Set(sent.map((l) => /vu=([\d.]+)/.exec(l)?.[1]));
    expect(tokens.size).toBe(4);
    // The histogram encodes in HdrHistogram's compressed format and decodes to the same percentiles.
    const h = m.byName.get('Get user')?.duration;
    if (!h) {
      throw new Error('no histogram');
    }
    const back = decodeFromCompressedBase64(encodeHistogram(h));
    expect(back.totalCount).toBe(h.totalCount);
    expect(back.getValueAtPercentile(95)).toBe(h.getValueAtPercentile(95));
  });

  it("gives a VU's test script the cookies of the URL it was redirected to", async () => {
    // The request as sent is not rebuilt in a load run: pm.cookies must still be read for the final hop's URL.
    const server = createServer((req, res) => {
      if (req.url === '/start') {
        res.writeHead(302, { location: '/area/end' }).end();
      } else {
        res.writeHead(200, { 'set-cookie': 'seen=1; Path=/area' }).end('{}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const r = await runLoad({
        collection: collection([
          req('redirected', `http://127.0.0.1:${port}/start`, {
            test: `pm.test('cookie of the final URL', () => pm.expect(pm.cookies.get('seen')).to.equal('1'));`,
          }),
        ]),
        profile: buildProfile({ vus: 1, duration: '300ms' }),
        transport: rt.transport,
        scriptEngine: rt.engine,
      }).result;
      expect(r.metrics.total.requests).toBeGreaterThan(0);
      expect(r.metrics.total.checksFailed).toBe(0);
      expect(r.metrics.total.checksPassed).toBe(r.metrics.total.requests);
    } finally {
      server.close();
    }
  });

  it('starts iterations at a fixed arrival rate and drops those no VU is free for', async () => {
    const c = collection([req('slow', '{{base}}/delay/300')]);
    const r = await runLoad({
      collection: c,
      profile: buildProfile({ rate: '20/s', duration: '1s', vus: 1, maxVus: 2 }),
      transport: rt.transport,
    }).result;
    // 20 due in 1 s; 2 VUs × ~3 iterations of 300 ms fit, the rest are dropped.
    expect(r.peakVus).toBe(2);
    expect(r.metrics.iterations).toBeGreaterThanOrEqual(2);
    expect(r.metrics.iterations).toBeLessThanOrEqual(8);
    expect(r.metrics.droppedIterations).toBeGreaterThan(r.metrics.iterations);
    // At most 20 are due in 1 s (fewer only if the scheduler's timer ran late on a loaded machine).
    expect(r.metrics.droppedIterations + r.metrics.iterations).toBeGreaterThanOrEqual(12);
    expect(r.metrics.droppedIterations + r.metrics.iterations).toBeLessThanOrEqual(21);
  });

  it('paces iterations with think time', async () => {
    const c = collection([req('a', '{{base}}/a')]);
    const r = await runLoad({
      collection: c,
      profile: buildProfile({ vus: 2, duration: '1s' }),
      think: parseThink('200ms'),
      transport: rt.transport,
    }).result;
    // 2 VUs, ≥ 200 ms per iteration: at most ~10 requests in 1 s.
    expect(r.metrics.total.requests).toBeGreaterThanOrEqual(2);
    expect(r.metrics.total.requests).toBeLessThanOrEqual(12);
  });

  it('as part 1 of 3, runs global iterations 1, 4, 7, … (data rows stay round-robin across the parts)', async () => {
    const before = rt.echo.log.length;
    const c = collection([
      req('a', '{{base}}/rows/{{row}}/{{it}}', { preRequest: `pm.variables.set('it', pm.info.iteration);` }),
    ]);
    const r = await runLoad({
      collection: c,
      profile: buildProfile({ vus: 1, duration: '300ms' }),
      iterationData: ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'].map((row) => ({ row })),
      part: { index: 1, count: 3 },
      transport: rt.transport,
      scriptEngine: rt.engine,
    }).result;
    const sent = rt.echo.log.slice(before).map((l) => /\/rows\/(\w+)\/(\d+)/.exec(l)?.slice(1));
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(r.metrics.total.requests).toBe(sent.length);
    // Iteration n takes row n % 6: part 1 of 3 sees iterations 1, 4, 7, 10, … → rows r1, r4, r1, r4, …
    sent.forEach((s, i) => {
      const iteration = 1 + 3 * i;
      expect(s).toEqual([`r${iteration % 6}`, String(iteration)]);
    });
  });

  it.each([
    ['closed', { vus: 3, duration: '400ms' }],
    ['open', { rate: '200/s', duration: '400ms', vus: 3, maxVus: 3 }],
  ] as const)(
    'gives each VU its own connection and closes them when the run ends (%s model)',
    async (_, profile) => {
      const sockets = new Set<Socket>();
      let opened = 0;
      const server = createServer((_req, res) => {
        // Slow enough that every VU has a request in flight at once.
        setTimeout(() => res.end('ok'), 20);
      });
      server.on('connection', (socket) => {
        opened += 1;
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const transport = createNodeTransport();
      try {
        const r = await runLoad({
          collection: collection([req('a', `http://127.0.0.1:${port}/a`)]),
          profile: buildProfile(profile),
          transport,
        }).result;
        expect(r.metrics.total.requests).toBeGreaterThan(6);
        expect(r.metrics.total.failed).toBe(0);
        expect(r.peakVus).toBe(3);
        expect(opened).toBe(3);
        // Released at the end of the run, not at the transport's close (a server's transport lives for the process).
        await expect.poll(() => sockets.size, { timeout: 2000 }).toBe(0);
      } finally {
        await transport.close();
        server.close();
      }
    },
  );

  it('interleaves the arrivals of a rate split into parts instead of starting them together', async () => {
    const arrivals: number[] = [];
    const server = createServer((_req, res) => {
      arrivals.push(performance.now());
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const transport = createNodeTransport();
    try {
      const whole = buildProfile({ rate: '10/s', duration: '1s', vus: 1, maxVus: 2 });
      const c = collection([req('a', `http://127.0.0.1:${port}/a`)]);
      await Promise.all(
        [0, 1].map(
          (part) =>
            runLoad({
              collection: c,
              profile: splitProfile(whole, 2, part),
              part: { index: part, count: 2 },
              transport,
            }).result,
        ),
      );
      expect(arrivals.length).toBeGreaterThanOrEqual(8);
      // One run at 10/s: an arrival every ~100 ms, not two every ~200 ms.
      const gaps = arrivals.slice(1).map((t, i) => t - (arrivals[i] ?? t));
      gaps.sort((a, b) => a - b);
      expect(gaps[Math.floor(gaps.length / 2)]).toBeGreaterThan(60);
    } finally {
      await transport.close();
      server.close();
    }
  });

  it('measures rates against the run time', () => {
    const m = new LoadMetrics();
    m.request('a', 10, 5, false, 1, 0);
    m.request('a', 30, 5, true, 0, 1);
    m.elapsedMs = 2000;
    expect(m.value('http_reqs', { kind: 'rate' })).toBe(1);
    expect(m.value('http_req_failed', { kind: 'rate' })).toBe(0.5);
    expect(m.value('checks', { kind: 'rate' })).toBe(0.5);
    expect(m.value('http_req_duration', { kind: 'max' })).toBeCloseTo(30, 1);
  });
});
