import { describe, expect, it } from 'vitest';
import { indexLines, lineAt, lineOf } from './line-index';

describe('line index', () => {
  it('indexes lines and reads them back without newlines', () => {
    const text = 'a\nbb\n\nccc';
    const starts = indexLines(text);
    expect([...starts]).toEqual([0, 2, 5, 6]);
    expect([0, 1, 2, 3].map((i) => lineAt(text, starts, i))).toEqual(['a', 'bb', '', 'ccc']);
  });

  it('wraps very long lines into fixed chunks (minified JSON)', () => {
    const text = 'x'.repeat(25);
    const starts = indexLines(text, 10);
    expect([...starts]).toEqual([0, 10, 20]);
    expect(lineAt(text, starts, 2)).toBe('xxxxx');
  });

  it('maps offsets to lines', () => {
    const starts = indexLines('ab\ncd\nef');
    expect(lineOf(starts, 0)).toBe(0);
    expect(lineOf(starts, 4)).toBe(1);
    expect(lineOf(starts, 7)).toBe(2);
  });

  it('handles a trailing newline and empty text', () => {
    expect([...indexLines('a\n')]).toEqual([0, 2]);
    expect([...indexLines('')]).toEqual([0]);
  });
});
