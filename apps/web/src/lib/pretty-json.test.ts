import { describe, expect, it } from 'vitest';
import { prettyJson } from './pretty-json';

describe('prettyJson', () => {
  it('indents JSON objects and arrays', () => {
    expect(prettyJson('{"a":[1,2]}')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    expect(prettyJson(' [1]')).toBe('[\n  1\n]');
  });
  it('leaves text, scalars, broken JSON and big bodies as they are', () => {
    expect(prettyJson('hello')).toBe('hello');
    expect(prettyJson('42')).toBe('42');
    expect(prettyJson('{"a":')).toBe('{"a":');
    const big = `[${'1,'.repeat(20)}1]`;
    expect(prettyJson(big, 10)).toBe(big);
  });
});
