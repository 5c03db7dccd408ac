import { describe, expect, it } from 'vitest';
import { applyProgress, defaultLoadForm, emptyLive, progressOf, toStartRequest } from './load-model';

describe('load form → start request', () => {
  it('sends only the chosen mode’s fields', () => {
    expect(
      toStartRequest({ ...defaultLoadForm, mode: 'vus', vus: '5', duration: ' 10s ', thresholds: '' }),
    ).toEqual({
      vus: 5,
      duration: '10s',
    });
    expect(
      toStartRequest({
        ...defaultLoadForm,
        mode: 'stages',
        stages: '10s:5\n\n 5s:0 ',
        thresholds: 'checks:rate>0.9',
      }),
    ).toEqual({
      stages: ['10s:5', '5s:0'],
      thresholds: ['checks:rate>0.9'],
    });
    expect(
      toStartRequest(
        {
          ...defaultLoadForm,
          mode: 'rate',
          rate: '20/s',
          duration: '5s',
          maxVus: 'x',
          thresholds: '',
          think: '5ms',
        },
        { environmentId: 'e', folders: ['f1'] },
      ),
    ).toEqual({ rate: '20/s', duration: '5s', environmentId: 'e', folders: ['f1'], think: '5ms' });
  });
});

describe('live progress', () => {
  const sample = {
    t: 1,
    vus: 2,
    requests: 3,
    rps: 3,
    failed: 0,
    checksPassed: 0,
    checksFailed: 0,
    iterations: 1,
    p50: 1,
    p95: 2,
    p99: 3,
  };
  const event = (loadRunId: string, type = 'load.progress') => ({
    type: 'event',
    event: { type, data: { loadRunId, sample, requests: [{ name: 'a' }] } },
  });

  it('takes only this run’s load.progress events and appends seconds', () => {
    expect(progressOf(event('other'), 'run')).toBeNull();
    expect(progressOf(event('run', 'run.progress'), 'run')).toBeNull();
    expect(progressOf({ type: 'pong' }, 'run')).toBeNull();
    const p = progressOf(event('run'), 'run');
    expect(p?.sample).toEqual(sample);
    const once = applyProgress(emptyLive, p ?? { sample, requests: [] });
    const twice = applyProgress(once, p ?? { sample, requests: [] });
    expect(twice.samples).toHaveLength(2);
    expect(twice.samples).not.toBe(once.samples);
  });
});
