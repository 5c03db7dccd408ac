import { describe, expect, it } from 'vitest';
import { FinishReader } from './protocol';

const summary = (test: string, chain: string) =>
  `{"a":[["${test}",1,"",0]],"q":null,"s":1,"v":[["environment","chain","s${chain}"]]}`;

describe('FinishReader', () => {
  it('reads the summaries of several scripts taking turns, each result with its own assertion objects', () => {
    const reader = new FinishReader();
    const texts = [summary('a', 'c0'), summary('b', 'c1'), summary('c', 'c2')];
    for (let round = 0; round < 3; round++) {
      for (const [i, text] of texts.entries()) {
        const r = reader.read(text);
        expect(r.assertions).toEqual([{ name: 'abc'[i], passed: true, skipped: false }]);
        expect(r.writes).toEqual([['environment', 'chain', `sc${i}`]]);
        expect(r.unsettled).toBe(false);
        // A caller may change what it got: the next read of the same text is not affected.
        (r.assertions[0] as { name: string }).name = 'changed';
      }
    }
  });

  it('does not keep a summary that carries a request, nor serve a stale one for other text', () => {
    const reader = new FinishReader();
    const withRequest = '{"a":[],"q":{"method":"GET","url":"http://x/","headers":[]},"s":1,"v":[]}';
    expect(reader.read(withRequest).request).toEqual({ method: 'GET', url: 'http://x/', headers: [] });
    expect(reader.read(withRequest).request).toEqual({ method: 'GET', url: 'http://x/', headers: [] });
    expect(reader.read('').assertions).toEqual([]);
    expect(reader.read('{"a":[["x",0,"boom",0]],"q":null,"s":0,"v":[]}')).toMatchObject({
      assertions: [{ name: 'x', passed: false, error: 'boom' }],
      unsettled: true,
    });
  });

  it('stays bounded when every summary differs (a value written per iteration)', () => {
    const reader = new FinishReader();
    for (let i = 0; i < 1000; i++) {
      expect(reader.read(summary('t', `v${i}`)).writes).toEqual([['environment', 'chain', `sv${i}`]]);
    }
    const kept = (reader as unknown as { kept: Map<string, unknown> }).kept;
    expect(kept.size).toBeLessThanOrEqual(64);
  });
});
