import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { abortFanout } from './abort-fanout';

describe('abortFanout', () => {
  it('is one source per signal, with one listener on it, calling each listener still registered once', () => {
    const ac = new AbortController();
    const source = abortFanout(ac.signal);
    expect(abortFanout(ac.signal)).toBe(source);
    const calls: string[] = [];
    const a = () => calls.push('a');
    const b = () => calls.push('b');
    const removed = () => calls.push('removed');
    source.addEventListener('abort', a);
    source.addEventListener('abort', b);
    source.addEventListener('abort', removed);
    source.removeEventListener('abort', removed);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    expect(source.aborted).toBe(false);
    ac.abort(new Error('stop'));
    expect(source.aborted).toBe(true);
    expect((source.reason as Error).message).toBe('stop');
    expect(calls).toEqual(['a', 'b']);
    // A listener added after the abort is never called, as with an AbortSignal.
    source.addEventListener('abort', () => calls.push('late'));
    expect(calls).toEqual(['a', 'b']);
  });

  it('sees a signal that was aborted before its first use', () => {
    const ac = new AbortController();
    ac.abort();
    const source = abortFanout(ac.signal);
    expect(source.aborted).toBe(true);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });
});
