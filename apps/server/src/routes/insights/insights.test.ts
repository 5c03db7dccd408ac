import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TInsights } from '@apiplay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyEntries } from '../../db/schema';
import { addMember, buildWorkspace, createTestApp, type TestApp, type TestUser } from '../../test';

let t: TestApp;
let owner: TestUser;
let viewer: TestUser;
let workspaceId: string;
let target: Server;
let base = '';

beforeAll(async () => {
  t = await createTestApp({ env: { EXECUTION_ALLOWED_HOSTS: '127.0.0.1' } });
  target = createServer((req, res) => {
    res.statusCode = req.url?.includes('fail') ? 500 : 200;
    res.end('ok');
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  const built = await buildWorkspace(t);
  owner = built.owner;
  workspaceId = built.workspace.id;
  viewer = await addMember(t, workspaceId, 'viewer');
});
afterAll(async () => {
  target.close();
  await t.close();
});

async function savedRequest(url: string): Promise<string> {
  const c = await t.app.inject({
    method: 'POST',
    url: `/api/workspaces/${workspaceId}/collections`,
    headers: owner.headers,
    payload: { name: 'Insights' },
  });
  const item = await t.app.inject({
    method: 'POST',
    url: `/api/collections/${c.json().id}/items`,
    headers: owner.headers,
    payload: { type: 'request', name: 'Probe', url },
  });
  return item.json().item.id as string;
}

/** PostgreSQL's percentile_cont: linear interpolation between the closest ranks. */
function percentileCont(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const rank = p * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return (s[lo] ?? 0) + ((s[hi] ?? 0) - (s[lo] ?? 0)) * (rank - lo);
}

async function insights(id: string, window: string, headers = viewer.headers): Promise<TInsights> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/requests/${id}/insights?window=${window}`,
    headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as TInsights;
}

describe('GET /api/requests/:id/insights', () => {
  it('computes p50/p95/p99 and the error rate per bucket in SQL from the request’s history', async () => {
    const id = await savedRequest(`${base}/ok`);
    const now = Date.now();
    const hour = 3600_000;
    // Two buckets in the last day, one only in the week, one only in the month, one too old for any.
    const rows = [
      ...[12, 40, 7, 100, 33, 18].map((d, i) => ({ at: now - 2 * hour, d, status: i === 3 ? 503 : 200 })),
      ...[5, 9].map((d) => ({ at: now - 5 * hour, d, status: 200 })),
      { at: now - 5 * hour, d: null, status: null },
      { at: now - 3 * 24 * hour, d: 300, status: 200 },
      { at: now - 20 * 24 * hour, d: 900, status: 404 },
      { at: now - 40 * 24 * hour, d: 5000, status: 200 },
    ];
    await t.ctx.db.insert(historyEntries).values(
      rows.map((r) => ({
        workspaceId,
        requestItemId: id,
        method: 'GET',
        url: `${base}/ok`,
        status: r.status,
        durationMs: r.d,
        request: { method: 'GET', url: `${base}/ok`, headers: [] },
        assertions: [],
        createdAt: new Date(r.at),
      })),
    );
    const day = await insights(id, 'day');
    expect(day.bucketSeconds).toBe(3600);
    expect(day.buckets.map((b) => b.count)).toEqual([3, 6]);
    const recent = day.buckets[1];
    const d6 = [12, 40, 7, 100, 33, 18];
    expect(recent?.errors).toBe(1);
    expect(recent?.errorRate).toBeCloseTo(1 / 6, 10);
    for (const [p, key] of [
      [0.5, 'p50'],
      [0.95, 'p95'],
      [0.99, 'p99'],
    ] as const) {
      expect(recent?.[key]).toBeCloseTo(percentileCont(d6, p), 9);
    }
    // A bucket whose only failure had no response counts it as an error; its percentiles skip the null.
    expect(day.buckets[0]).toMatchObject({ count: 3, errors: 1, p50: 7 });
    expect(day.total.count).toBe(9);
    expect(day.total.p50).toBeCloseTo(percentileCont([...d6, 5, 9], 0.5), 9);

    const week = await insights(id, 'week');
    expect(week.bucketSeconds).toBe(6 * 3600);
    expect(week.total.count).toBe(10);
    const month = await insights(id, 'month');
    expect(month.total.count).toBe(11);
    expect(month.total.errors).toBe(3);
    expect(month.buckets.every((b, i, all) => i === 0 || (all[i - 1]?.start ?? '') < b.start)).toBe(true);
  });

  it('counts real Sends of the saved request', async () => {
    const id = await savedRequest(`${base}/fail`);
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/requests/${id}/execute`,
        headers: owner.headers,
        payload: {},
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    await t.ctx.history.flush();
    const day = await insights(id, 'day');
    expect(day.total).toMatchObject({ count: 3, errors: 3, errorRate: 1 });
    expect(day.total.p50).not.toBeNull();
  });

  it('an empty window and an unknown window', async () => {
    const id = await savedRequest(`${base}/ok`);
    const empty = await insights(id, 'month');
    expect(empty.buckets).toEqual([]);
    expect(empty.total).toEqual({ count: 0, errors: 0, errorRate: null, p50: null, p95: null, p99: null });
    const bad = await t.app.inject({
      method: 'GET',
      url: `/api/requests/${id}/insights?window=year`,
      headers: viewer.headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/^querystring\.window/);
  });
});
