import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAppError, TransportError } from '@apiplay/core';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerTransport } from '../execution/server-transport';
import { createGuardedResolver, type Resolve, toNetLookup } from './guarded-resolver';
import { createSsrfPolicy } from './policy';

/**
 * Hostile targets against a canary listener on every loopback address. The "public internet" is played by
 * 127.0.0.2, allow-listed, so redirects and DNS answers can lead from an allowed host to a forbidden one.
 * DNS is the injected resolver seam; the connections are real.
 */
let canary: Server;
let canaryHits = 0;
let canaryPort = 0;
let good: Server;
let goodPort = 0;

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
}

beforeAll(async () => {
  canary = createServer((_req, res) => {
    canaryHits += 1;
    res.end('canary');
  });
  // `::` is dual-stack: it catches 127.0.0.1, ::1 and 0.0.0.0 connections alike.
  canaryPort = await listen(canary, '::');
  good = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const hops = Number(url.searchParams.get('hops') ?? 0);
    if (hops > 0) {
      res.writeHead(302, { location: `/?hops=${hops - 1}` }).end();
      return;
    }
    const to = url.searchParams.get('to');
    if (to) {
      res.writeHead(302, { location: to.replace('PORT', String(canaryPort)) }).end();
      return;
    }
    res.end('good');
  });
  goodPort = await listen(good, '127.0.0.2');
});
afterAll(() => {
  canary.close();
  good.close();
});

const names: Record<string, string[]> = {
  'public.test': ['127.0.0.2'],
  'evil.test': ['127.0.0.1'],
  'evil6.test': ['::1'],
  'mixed.test': ['127.0.0.2', '127.0.0.1'],
  'private.test': ['10.0.0.7'],
  'meta.test': ['169.254.169.254'],
  'mapped.test': ['::ffff:127.0.0.1'],
  'zero.test': ['0.0.0.0'],
  'cgnat.test': ['100.64.1.1'],
  '127.0.0.1.nip.io': ['127.0.0.1'],
};

function tableResolver(): Resolve & { calls: number } {
  const fn = Object.assign(
    async (hostname: string) => {
      fn.calls += 1;
      const answers = names[hostname];
      if (!answers) {
        throw new Error(`ENOTFOUND ${hostname}`);
      }
      return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    },
    { calls: 0 },
  );
  return fn;
}

/** The production path: core's Node transport behind the server's guard (pinned lookup, hop checks, caps). */
async function guardedGet(url: string, resolve: Resolve): Promise<string> {
  const policy = createSsrfPolicy({ allowPrivate: false, allowedHosts: ['127.0.0.2'] });
  const transport = createServerTransport({ policy, resolve });
  try {
    const res = await transport.send({ method: 'GET', url, headers: [] });
    return res.body;
  } finally {
    await transport.close();
  }
}

const hostile: [string, string][] = [
  ['loopback literal', 'http://127.0.0.1:PORT/'],
  ['decimal', 'http://2130706433:PORT/'],
  ['hex short', 'http://0x7f.1:PORT/'],
  ['hex long', 'http://0x7f000001:PORT/'],
  ['octal', 'http://017700000001:PORT/'],
  ['octal dotted', 'http://0177.0.0.1:PORT/'],
  ['short form', 'http://127.1:PORT/'],
  ['0.0.0.0', 'http://0.0.0.0:PORT/'],
  ['zero', 'http://0:PORT/'],
  ['IPv6 loopback', 'http://[::1]:PORT/'],
  ['IPv6 unspecified', 'http://[::]:PORT/'],
  ['IPv4-mapped IPv6', 'http://[::ffff:127.0.0.1]:PORT/'],
  ['IPv4-mapped hex', 'http://[::ffff:7f00:1]:PORT/'],
  ['NAT64 loopback', 'http://[64:ff9b::7f00:1]:PORT/'],
  ['6to4 loopback', 'http://[2002:7f00:1::]:PORT/'],
  ['localhost', 'http://localhost:PORT/'],
  ['LOCALHOST trailing dot', 'http://LOCALHOST.:PORT/'],
  ['sub.localhost', 'http://api.localhost:PORT/'],
  ['credentials trick', 'http://public.test@127.0.0.1:PORT/'],
  ['name → loopback', 'http://evil.test:PORT/'],
  ['name → ::1', 'http://evil6.test:PORT/'],
  ['name → mapped loopback', 'http://mapped.test:PORT/'],
  ['name → 0.0.0.0', 'http://zero.test:PORT/'],
  ['nip.io style', 'http://127.0.0.1.nip.io:PORT/'],
  ['name → public + private', 'http://mixed.test:PORT/'],
  ['name → private', 'http://private.test:PORT/'],
  ['name → metadata', 'http://meta.test:PORT/'],
  ['name → CGNAT', 'http://cgnat.test:PORT/'],
  ['metadata IP', 'http://169.254.169.254/latest/meta-data/'],
  ['metadata IPv6', 'http://[fd00:ec2::254]/'],
  ['metadata name', 'http://metadata.google.internal/computeMetadata/v1/'],
  ['link-local', 'http://[fe80::1]:PORT/'],
  ['file scheme', 'file:///etc/passwd'],
  ['redirect → loopback', 'http://127.0.0.2:GOOD/?to=http://127.0.0.1:PORT/'],
  ['redirect → decimal', 'http://127.0.0.2:GOOD/?to=http://2130706433:PORT/'],
  ['redirect → localhost name', 'http://public.test:GOOD/?to=http://evil.test:PORT/'],
  ['redirect → metadata', 'http://127.0.0.2:GOOD/?to=http://169.254.169.254/'],
  ['redirect → file', 'http://127.0.0.2:GOOD/?to=file:///etc/passwd'],
];

describe('SSRF guard against a canary listener', () => {
  it.each(hostile)('refuses %s', async (_label, template) => {
    const before = canaryHits;
    const url = template.replaceAll('PORT', String(canaryPort)).replaceAll('GOOD', String(goodPort));
    const error = await guardedGet(url, tableResolver()).then(
      () => null,
      (e: unknown) => e,
    );
    if (url.includes('to=file:')) {
      // The transport itself refuses non-HTTP redirect targets before asking the guard.
      expect(error).toBeInstanceOf(TransportError);
      expect(error instanceof TransportError && error.code).toBe('REDIRECT_BLOCKED');
    } else {
      expect(isAppError(error) && error.code).toBe('TARGET_FORBIDDEN');
      expect(isAppError(error) && error.message).toMatch(/refused: .+/);
    }
    expect(canaryHits).toBe(before);
  });

  it('still reaches an allowed host (the guard is not refusing everything)', async () => {
    await expect(guardedGet(`http://public.test:${goodPort}/`, tableResolver())).resolves.toBe('good');
  });

  it('pins the checked address: a resolver that answers public then private is asked once', async () => {
    let calls = 0;
    const rebinding: Resolve = async () => {
      calls += 1;
      return [{ address: calls === 1 ? '127.0.0.2' : '127.0.0.1', family: 4 }];
    };
    const before = canaryHits;
    // The canary and the good server share no port, so use the good port: a rebind to 127.0.0.1 would fail
    // to connect or hit the canary; pinning keeps every request on 127.0.0.2.
    const policy = createSsrfPolicy({ allowPrivate: false, allowedHosts: ['127.0.0.2'] });
    const guard = createGuardedResolver(policy, rebinding);
    const dispatcher = new Agent({ connect: { lookup: toNetLookup(guard.lookup) }, pipelining: 0 });
    for (let i = 0; i < 3; i += 1) {
      const res = await request(`http://rebind.test:${goodPort}/`, { dispatcher, reset: true });
      expect(await res.body.text()).toBe('good');
    }
    await dispatcher.close();
    expect(calls).toBe(1);
    expect(canaryHits).toBe(before);
  });

  it('a rebinding answer on a fresh resolution is checked again and refused', async () => {
    let calls = 0;
    const rebinding: Resolve = async () => {
      calls += 1;
      return [{ address: calls === 1 ? '127.0.0.2' : '127.0.0.1', family: 4 }];
    };
    const before = canaryHits;
    await expect(guardedGet(`http://rebind.test:${goodPort}/`, rebinding)).resolves.toBe('good');
    const second = await guardedGet(`http://rebind.test:${canaryPort}/`, rebinding).catch((e: unknown) => e);
    expect(isAppError(second) && second.code).toBe('TARGET_FORBIDDEN');
    expect(canaryHits).toBe(before);
  });

  it("checks every hop with the guard first, then with the caller's own checkRedirect, and passes options on", async () => {
    const policy = createSsrfPolicy({ allowPrivate: false, allowedHosts: ['127.0.0.2'] });
    const transport = createServerTransport({ policy });
    try {
      const asked: string[] = [];
      const sent: string[] = [];
      const ok = await transport.send(
        { method: 'GET', url: `http://127.0.0.2:${goodPort}/?hops=2`, headers: [] },
        { checkRedirect: (url) => asked.push(url), onSent: (s) => sent.push(s.url) },
      );
      expect(ok.redirects).toHaveLength(2);
      expect(asked).toEqual([`http://127.0.0.2:${goodPort}/?hops=1`, `http://127.0.0.2:${goodPort}/?hops=0`]);
      expect(sent).toEqual([`http://127.0.0.2:${goodPort}/?hops=0`]);
      const blocked = await transport
        .send(
          { method: 'GET', url: `http://127.0.0.2:${goodPort}/?hops=1`, headers: [] },
          { checkRedirect: () => false },
        )
        .catch((e: unknown) => e);
      expect(blocked instanceof TransportError && blocked.code).toBe('REDIRECT_BLOCKED');
      const before = canaryHits;
      const refused = await transport
        .send(
          { method: 'GET', url: `http://127.0.0.2:${goodPort}/?to=http://127.0.0.1:PORT/`, headers: [] },
          { checkRedirect: (url) => asked.push(url) },
        )
        .catch((e: unknown) => e);
      expect(isAppError(refused) && refused.code).toBe('TARGET_FORBIDDEN');
      expect(asked).toHaveLength(2);
      expect(canaryHits).toBe(before);
      const notFollowed = await transport.send(
        { method: 'GET', url: `http://127.0.0.2:${goodPort}/?hops=1`, headers: [] },
        { followRedirects: false },
      );
      expect(notFollowed.status).toBe(302);
    } finally {
      await transport.close();
    }
  });

  it('caps redirects at 10 whatever the request asks', async () => {
    const policy = createSsrfPolicy({ allowPrivate: false, allowedHosts: ['127.0.0.2'] });
    const transport = createServerTransport({ policy });
    try {
      const ok = await transport.send(
        { method: 'GET', url: `http://127.0.0.2:${goodPort}/?hops=10`, headers: [] },
        { maxRedirects: 50 },
      );
      expect(ok.redirects).toHaveLength(10);
      const error = await transport
        .send(
          { method: 'GET', url: `http://127.0.0.2:${goodPort}/?hops=11`, headers: [] },
          { maxRedirects: 50 },
        )
        .catch((e: unknown) => e);
      expect(error instanceof TransportError && error.code).toBe('TOO_MANY_REDIRECTS');
    } finally {
      await transport.close();
    }
  });
});
