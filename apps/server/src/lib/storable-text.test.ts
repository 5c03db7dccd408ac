import { isAppError } from '@apiplay/core';
import { describe, expect, it } from 'vitest';
import { assertSafeInput, MAX_INPUT_DEPTH, storableJson, storableText, textProblem } from './storable-text';

function refusal(value: unknown, root = 'body'): string | null {
  try {
    assertSafeInput(value, root);
    return null;
  } catch (error) {
    if (isAppError(error) && error.code === 'VALIDATION_FAILED') {
      return error.message;
    }
    throw error;
  }
}

describe('storable text', () => {
  it('replaces NUL and lone surrogates with U+FFFD and keeps surrogate pairs', () => {
    expect(storableText('a\u0000b')).toBe('a\uFFFDb');
    expect(storableText('a\ud800b\udc00')).toBe('a\uFFFDb\uFFFD');
    expect(storableText('emoji \u{1F600}')).toBe('emoji \u{1F600}');
    expect(textProblem('emoji \u{1F600}')).toBeNull();
  });

  it('copies only what changes, keys included', () => {
    const clean = { a: ['x', { b: 1 }], c: null };
    expect(storableJson(clean)).toBe(clean);
    const dirty = { a: ['x', { 'k\u0000': 'v\ud800' }], c: 'ok' };
    const out = storableJson(dirty);
    expect(out).toEqual({ a: ['x', { 'k\uFFFD': 'v\uFFFD' }], c: 'ok' });
    expect(dirty.a[1]).toEqual({ 'k\u0000': 'v\ud800' });
  });
});

describe('assertSafeInput', () => {
  it('names the field of a NUL, a lone surrogate or a bad key', () => {
    expect(refusal({ a: [{ b: 'x\u0000' }] })).toBe('body.a.0.b: must not contain NUL characters');
    expect(refusal({ a: '\udfff' }, 'querystring')).toBe(
      'querystring.a: must be valid Unicode (it contains a lone surrogate)',
    );
    expect(refusal({ 'k\u0000': 1 })).toBe('body."k\\u0000": keys must not contain NUL characters');
    expect(refusal({ a: ['fine \u{1F600}', 1, true, null] })).toBeNull();
  });

  it('refuses nesting beyond the limit without recursing (100k levels)', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) {
      deep = [deep];
    }
    expect(refusal(deep)).toMatch(new RegExp(`^body(\\.0){${MAX_INPUT_DEPTH}}: must not nest deeper`));
    let ok: unknown = 1;
    for (let i = 0; i < MAX_INPUT_DEPTH; i++) {
      ok = { a: ok };
    }
    expect(refusal(ok)).toBeNull();
    expect(refusal({ wrap: ok })).toMatch(/must not nest deeper than 256 levels$/);
  });
});
