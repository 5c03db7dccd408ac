import { Agent, buildConnector } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Loopback, startHttp } from './test-server';
import { type ExchangeMarks, ensureTimingChannels, timedConnector, withMarks } from './timings';

let http: Loopback;
beforeAll(async () => {
  http = await startHttp();
});
afterAll(async () => {
  await http.close();
});

it('binds undici diagnostics to the dispatched exchange and times new connections only', async () => {
  ensureTimingChannels();
  const agent = new Agent({ connect: timedConnector(buildConnector({})) });
  try {
    const first: ExchangeMarks = { dns: 0, connect: 0, tls: 0 };
    const r1 = await withMarks(first, () =>
      agent.request({ origin: `http://localhost:${http.port}`, path: '/echo', method: 'GET' }),
    );
    await r1.body.text();
    expect(first.sentAt).toBeDefined();
    expect(first.headersAt ?? 0).toBeGreaterThanOrEqual(first.sentAt ?? Number.POSITIVE_INFINITY);
    expect(first.dns).toBeGreaterThan(0);
    expect(first.connect).toBeGreaterThan(0);
    // A request dispatched without marks is not tracked.
    const untracked = await agent.request({ origin: http.url, path: '/echo', method: 'GET' });
    await untracked.body.text();
    await new Promise((resolve) => setImmediate(resolve));
    const second: ExchangeMarks = { dns: 0, connect: 0, tls: 0 };
    const r2 = await withMarks(second, () =>
      agent.request({ origin: `http://localhost:${http.port}`, path: '/echo', method: 'GET' }),
    );
    await r2.body.text();
    expect(second.sentAt).toBeDefined();
    expect(second.dns).toBe(0);
    expect(second.connect).toBe(0);
  } finally {
    await agent.close();
  }
});
