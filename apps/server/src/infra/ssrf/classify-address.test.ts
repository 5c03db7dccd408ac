import { describe, expect, it } from 'vitest';
import { type AddressCategory, classifyAddress } from './classify-address';
import { checkHostname, checkUrl, createSsrfPolicy } from './policy';

const cases: [string, AddressCategory][] = [
  ['8.8.8.8', 'public'],
  ['2606:4700::1111', 'public'],
  ['127.0.0.1', 'loopback'],
  ['127.1', 'loopback'],
  ['2130706433', 'loopback'],
  ['0x7f.1', 'loopback'],
  ['0x7f000001', 'loopback'],
  ['017700000001', 'loopback'],
  ['0177.0.0.1', 'loopback'],
  ['::1', 'loopback'],
  ['[::1]', 'loopback'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['64:ff9b::7f00:1', 'loopback'],
  ['2002:7f00:1::', 'loopback'],
  ['10.0.0.1', 'private'],
  ['172.16.5.4', 'private'],
  ['192.168.1.1', 'private'],
  ['::ffff:10.0.0.1', 'private'],
  ['fd12:3456::1', 'private'],
  ['169.254.1.1', 'link-local'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['100.64.0.1', 'cgnat'],
  ['224.0.0.1', 'multicast'],
  ['ff02::1', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['0.0.0.0', 'unspecified'],
  ['0', 'unspecified'],
  ['::', 'unspecified'],
  ['240.0.0.1', 'reserved'],
  ['198.18.0.1', 'reserved'],
  ['2001:db8::1', 'reserved'],
  ['2001::1', 'reserved'],
  ['169.254.169.254', 'metadata'],
  ['::ffff:169.254.169.254', 'metadata'],
  ['fd00:ec2::254', 'metadata'],
  ['100.100.100.200', 'metadata'],
  ['not-an-ip', 'reserved'],
];

/** Every IPv6 form that embeds an IPv4 address is classified as that IPv4 address. */
const embeddedCases: [string, AddressCategory][] = [
  // IPv4-compatible (::a.b.c.d); URL parsers hand it over as ::7f00:1.
  ['::127.0.0.1', 'loopback'],
  ['[::127.0.0.1]', 'loopback'],
  ['::7f00:1', 'loopback'],
  ['::10.0.0.1', 'private'],
  ['::169.254.169.254', 'metadata'],
  ['::8.8.8.8', 'public'],
  // IPv4-mapped and IPv4-translated.
  ['::ffff:192.168.0.1', 'private'],
  ['[::ffff:7f00:1]', 'loopback'],
  ['::ffff:0:127.0.0.1', 'loopback'],
  ['::ffff:0:8.8.8.8', 'public'],
  // NAT64, well-known prefix /96.
  ['64:ff9b::127.0.0.1', 'loopback'],
  ['64:ff9b::a9fe:a9fe', 'metadata'],
  ['64:ff9b::10.1.2.3', 'private'],
  ['64:ff9b::8.8.8.8', 'public'],
  // NAT64, local-use 64:ff9b:1::/48 in the /48 layout (v4 in bytes 6-7 and 9-10) and the /96 layout.
  ['64:ff9b:1:7f00:1::', 'loopback'],
  ['64:ff9b:1:a00:1::', 'private'],
  ['64:ff9b:1::127.0.0.1', 'loopback'],
  ['64:ff9b:1::192.168.1.1', 'private'],
  // 6to4 2002:a.b.c.d::/16.
  ['2002:7f00:1::1', 'loopback'],
  ['2002:a9fe:a9fe::', 'metadata'],
  ['2002:c0a8:101::', 'private'],
  ['2002:808:808::1', 'public'],
  // Teredo 2001::/32: server in bytes 4-7, client inverted in the last four bytes.
  ['2001:0:808:808::80ff:fffe', 'loopback'], // client ~(80.ff.ff.fe) = 127.0.0.1
  ['2001:0:808:808::f5ff:fffe', 'private'], // client 10.0.0.1
  ['2001:0:7f00:1::f7f7:f7f7', 'loopback'], // server 127.0.0.1, client 8.8.8.8
  ['2001:0:808:808::f7f7:f7f7', 'public'], // both 8.8.8.8
];

describe('classifyAddress', () => {
  it.each(embeddedCases)('embedded IPv4: %s is %s', (address, category) => {
    expect(classifyAddress(address)).toBe(category);
  });

  it('classifies [::127.0.0.1] in a URL as loopback', () => {
    const strict = createSsrfPolicy({ allowPrivate: false });
    expect(checkUrl(strict, 'http://[::127.0.0.1]:8080/')).toMatchObject({ ok: false });
  });

  it.each(cases)('%s is %s', (address, category) => {
    expect(classifyAddress(address)).toBe(category);
  });
});

describe('policy', () => {
  const strict = createSsrfPolicy({ allowPrivate: false });
  const embedded = createSsrfPolicy({ allowPrivate: true });

  it('refuses non-http schemes', () => {
    expect(checkUrl(strict, 'file:///etc/passwd')).toMatchObject({ ok: false, category: 'scheme' });
    expect(checkUrl(embedded, 'gopher://x/')).toMatchObject({ ok: false, category: 'scheme' });
  });

  it('refuses localhost names in server mode and allows them embedded', () => {
    expect(checkHostname(strict, 'LOCALHOST.')).toMatchObject({ ok: false, category: 'loopback' });
    expect(checkHostname(strict, 'a.localhost')).toMatchObject({ ok: false });
    expect(checkHostname(embedded, 'localhost')).toEqual({ ok: true });
  });

  it('refuses metadata even when private targets are allowed', () => {
    expect(checkHostname(embedded, 'metadata.google.internal')).toMatchObject({
      ok: false,
      category: 'metadata',
    });
    expect(checkUrl(embedded, 'http://169.254.169.254/latest/meta-data/')).toMatchObject({ ok: false });
    expect(checkUrl(embedded, 'http://[fd00:ec2::254]/')).toMatchObject({ ok: false, category: 'metadata' });
  });

  it('honours host and CIDR allow-lists', () => {
    const policy = createSsrfPolicy({
      allowPrivate: false,
      allowedHosts: ['10.1.0.0/16', '*.corp', '127.0.0.2'],
    });
    expect(checkUrl(policy, 'http://10.1.2.3/')).toEqual({ ok: true });
    expect(checkUrl(policy, 'http://10.2.0.1/')).toMatchObject({ ok: false, category: 'private' });
    expect(checkUrl(policy, 'http://api.corp/')).toEqual({ ok: true });
    expect(checkUrl(policy, 'http://127.0.0.2:81/')).toEqual({ ok: true });
    expect(checkUrl(policy, 'http://[::ffff:10.1.0.9]/')).toEqual({ ok: true });
  });

  it('remembers verdicts per policy, the same as the first time, past the memo size too', () => {
    const names = Array.from({ length: 1100 }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
    for (const round of [1, 2]) {
      for (const name of names) {
        expect(checkHostname(embedded, name), `${name} round ${round}`).toEqual({ ok: true });
        expect(checkHostname(strict, name), `${name} round ${round}`).toMatchObject({
          ok: false,
          category: 'private',
        });
      }
    }
    // A policy with the same options is another policy: its own allow-list applies.
    const allowing = createSsrfPolicy({ allowPrivate: false, allowedHosts: ['10.0.0.1'] });
    expect(checkHostname(allowing, '10.0.0.1')).toEqual({ ok: true });
    expect(checkHostname(strict, '10.0.0.1')).toMatchObject({ ok: false });
  });

  it('says why in the verdict', () => {
    expect(checkUrl(strict, 'http://2130706433/')).toEqual({
      ok: false,
      category: 'loopback',
      reason: '127.0.0.1 is a loopback address',
    });
  });
});
