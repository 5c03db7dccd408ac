import { describe, expect, it } from 'vitest';
import { builtinAddressOf } from './builtin-targets';
import { builtinConnectTo, checkHostname, checkUrl, createSsrfPolicy } from './policy';

const bound = { host: '127.0.0.1', port: 4321 };

describe('http://apiplay.internal (the built-in targets by name)', () => {
  const policy = createSsrfPolicy({ allowPrivate: false, builtinTargets: bound });

  it.each([
    'http://apiplay.internal/echo/get',
    'http://APIPLAY.internal./echo',
    'http://apiplay.internal:80/demo/store/products',
  ])('allows %s and connects it to this server’s socket', (url) => {
    expect(checkUrl(policy, url)).toEqual({ ok: true });
    const u = new URL(url);
    expect(builtinConnectTo(policy, { protocol: u.protocol, hostname: u.hostname, port: u.port })).toEqual(
      bound,
    );
  });

  it.each([
    ['http://apiplay.internal/api/auth/me', /only the built-in targets/],
    ['http://apiplay.internal/metrics', /only the built-in targets/],
    ['http://apiplay.internal/echoes', /only the built-in targets/],
    ['http://apiplay.internal:6379/echo', /served only as/],
    ['https://apiplay.internal/echo', /served only as/],
  ])('refuses %s', (url, reason) => {
    const verdict = checkUrl(policy, url);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.reason).toMatch(reason);
  });

  it('is never resolved by name (a DNS search domain could turn it into anything)', () => {
    expect(checkHostname(policy, 'apiplay.internal').ok).toBe(false);
    expect(
      builtinConnectTo(policy, { protocol: 'http:', hostname: 'example.com', port: '' }),
    ).toBeUndefined();
    expect(
      builtinConnectTo(policy, { protocol: 'http:', hostname: 'apiplay.internal', port: '8080' }),
    ).toBeUndefined();
  });

  it('is refused until the server listens, then bound to the socket it listens on', () => {
    const early = createSsrfPolicy({ allowPrivate: true, builtinTargets: null });
    expect(checkUrl(early, 'http://apiplay.internal/echo').ok).toBe(false);
    early.builtin.address = builtinAddressOf({ address: '0.0.0.0', port: 3000 });
    expect(early.builtin.address).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(checkUrl(early, 'http://apiplay.internal/echo').ok).toBe(true);
    expect(builtinAddressOf({ address: '::', port: 1 }).host).toBe('::1');
  });
});
