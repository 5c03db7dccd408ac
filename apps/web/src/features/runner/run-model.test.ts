import type { TExecution } from '@apiplay/core';
import { describe, expect, it } from 'vitest';
import { applyRunEvent, emptyRun, extractRunEvent, histogram } from './run-model';

const exec = (name: string, passed: boolean, ms: number): TExecution => ({
  itemId: name,
  name,
  path: ['Folder'],
  iteration: 0,
  request: { method: 'GET', url: `http://x/${name}`, headers: [] },
  response: {
    status: 200,
    statusText: 'OK',
    httpVersion: '1.1',
    headers: [],
    cookies: [],
    body: '{}',
    bodyEncoding: 'utf8',
    size: 2,
    truncated: false,
    timings: { dns: 0, connect: 0, tls: 0, ttfb: ms, download: 0, total: ms },
    redirects: [],
  },
  assertions: [
    { name: 'status is 200 & <ok>', passed, skipped: false, ...(passed ? {} : { error: 'expected 500' }) },
  ],
  scriptFailures: [],
  console: [],
  warnings: [],
});

describe('run model', () => {
  it('folds live events into progress', () => {
    let v = applyRunEvent({ ...emptyRun }, { type: 'start', iterations: 2, requestsPerIteration: 3 });
    expect(v).toMatchObject({ status: 'running', total: 6 });
    v = applyRunEvent(v, { type: 'item', execution: exec('a', true, 5) });
    v = applyRunEvent(v, { type: 'item', execution: exec('b', false, 9) });
    expect(v.executions.map((e) => e.name)).toEqual(['a', 'b']);
  });

  it('unwraps the event from different WebSocket envelopes and ignores other runs', () => {
    expect(
      extractRunEvent({ type: 'run.event', runId: 'r1', event: { type: 'item', execution: {} } }, 'r1')?.type,
    ).toBe('item');
    expect(extractRunEvent({ type: 'run:done', runId: 'r1', report: {} }, 'r1')?.type).toBe('done');
    expect(extractRunEvent({ type: 'run.event', runId: 'r2', event: { type: 'item' } }, 'r1')).toBeNull();
    expect(extractRunEvent({ type: 'collection.updated' }, 'r1')).toBeNull();
  });

  it('buckets latencies', () => {
    const h = histogram([1, 2, 3, 10], 3);
    expect(h.map((b) => b.count)).toEqual([3, 0, 1]);
    expect(histogram([])).toEqual([]);
  });
});
