import type { TVariable } from '@apiplay/core';
import { describe, expect, it } from 'vitest';
import { secretsLeftByScripts, secretValues } from './mask-secrets';

const v = (key: string, value: string, secret = false): TVariable => ({ key, value, enabled: true, secret });

describe('secretsLeftByScripts', () => {
  it('returns what scripts left in keys that were secret, flagged secret, across scopes', () => {
    const left = secretsLeftByScripts([
      {
        before: [v('token', 'old', true), v('base', 'http://x')],
        after: [v('token', 'fresh'), v('base', 'y')],
      },
      { before: [v('plain', 'a')], after: [v('plain', 'b'), v('token', 'not-secret-here')] },
      { before: [v('key', 'k1', true)], after: [v('key', 'key-2'), v('added', 'z')] },
    ]);
    expect(left).toEqual([v('token', 'fresh', true), v('key', 'key-2', true)]);
    expect(secretValues(left)).toEqual(expect.arrayContaining(['fresh', 'key-2']));
  });

  it('returns nothing for scopes without secrets or without the secret keys any more', () => {
    expect(secretsLeftByScripts([{ before: [v('a', '1')], after: [v('a', '2')] }])).toEqual([]);
    expect(secretsLeftByScripts([{ before: [v('a', '1', true)], after: [] }])).toEqual([]);
    expect(secretsLeftByScripts([])).toEqual([]);
  });
});
