import { describe, expect, it } from 'vitest';
import { mergeParams, parseQuery, templateVars, withQuery } from './url-params';

describe('params ↔ URL sync', () => {
  it('parses query params as written, keeping {{vars}} and encoding', () => {
    expect(parseQuery('{{base}}/users?page=2&q={{term}}&flag&x=a%20b#top')).toEqual([
      { key: 'page', value: '2', enabled: true },
      { key: 'q', value: '{{term}}', enabled: true },
      { key: 'flag', value: '', enabled: true, bare: true },
      { key: 'x', value: 'a%20b', enabled: true },
    ]);
    expect(parseQuery('https://x.test/a')).toEqual([]);
    expect(parseQuery('https://x.test/a?')).toEqual([]);
  });

  it('writes enabled rows back into the URL and keeps the fragment', () => {
    const url = withQuery('https://x.test/a?old=1#frag', [
      { key: 'a', value: '1', enabled: true },
      { key: 'b', value: '{{v}}', enabled: true },
      { key: 'off', value: 'x', enabled: false },
    ]);
    expect(url).toBe('https://x.test/a?a=1&b={{v}}#frag');
  });

  it('removes the question mark when no enabled params remain', () => {
    expect(withQuery('https://x.test/a?x=1', [{ key: 'x', value: '1', enabled: false }])).toBe(
      'https://x.test/a',
    );
  });

  it('round-trips: URL → params → URL is identity', () => {
    const url = 'http://localhost:8080/echo/get?a=1&b=&c={{x}}&d';
    expect(withQuery(url, parseQuery(url))).toBe(url);
  });

  it('keeps disabled rows and descriptions when the URL changes', () => {
    const prev = [
      { key: 'a', value: '1', enabled: true, description: 'page' },
      { key: 'hidden', value: 'x', enabled: false },
    ];
    expect(mergeParams(prev, 'https://x.test?a=2&b=3')).toEqual([
      { key: 'a', value: '2', enabled: true, description: 'page' },
      { key: 'b', value: '3', enabled: true },
      { key: 'hidden', value: 'x', enabled: false },
    ]);
  });

  it('lists template variables, skipping dynamic ones', () => {
    expect(templateVars('{{base}}/x?{{ token }}&{{$guid}}&{{base}}')).toEqual(['base', 'token']);
  });
});
