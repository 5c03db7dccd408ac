import { getEventListeners } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type RequestListener } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthCache } from '../auth/auth-cache';
import { AppError } from '../errors';
import { type PreparedRequest, TransportError } from '../http/types';
import { type PreparableRequest, prepareRequest, type RequestAncestor } from '../prepare/prepare-request';
import type { TAuth, TBody, TSentRequest } from '../schema';
import { VariableScopes } from '../variables/variable-scopes';
import { createCookieJar } from './cookies';
import { type Loopback, startHttp, startHttps, startProxy, tlsFixture } from './test-server';
import { createNodeTransport, type NodeTransport } from './transport';

let http: Loopback;
let t: NodeTransport;
let dir: string;

beforeAll(async () => {
  http = await startHttp();
  dir = await mkdtemp(join(tmpdir(), 'apiplay-transport-'));
  await writeFile(join(dir, 'hello.txt'), 'hello file');
  await writeFile(join(dir, 'blob.bin'), Buffer.from([1, 2, 3, 250]));
  t = createNodeTransport({ cwd: dir });
});

afterAll(async () => {
  await t.close();
  await http.close();
});

const get = (url: string): PreparedRequest => ({ method: 'GET', url, headers: [] });

/** A loopback HTTP server that counts the TCP connections it accepts (to check connection reuse). */
async function connectionCountingServer(handler: RequestListener) {
  let connections = 0;
  const server = createServer(handler);
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function item(partial: Partial<PreparableRequest>): PreparableRequest {
  return {
    method: 'GET',
    url: '',
    headers: [],
    body: { mode: 'none' },
    auth: { type: 'inherit' },
    ...partial,
  };
}

async function echo(req: PreparedRequest, opts = {}) {
  const res = await t.send(req, opts);
  return {
    res,
    seen: JSON.parse(res.body) as {
      method: string;
      url: string;
      headers: Record<string, string>;
      body: string;
      bodyBase64: string;
    },
  };
}

describe('basic exchange', () => {
  it('returns status, headers, body and timings; reuses the connection', async () => {
    const fresh = createNodeTransport();
    try {
      const first = await fresh.send(get(`http://localhost:${http.port}/echo?a=1`));
      expect(first.status).toBe(200);
      expect(first.statusText).toBe('OK');
      expect(first.bodyEncoding).toBe('utf8');
      expect(first.headers.find((h) => h.key === 'content-type')?.value).toBe('application/json');
      const seen = JSON.parse(first.body);
      expect(seen.url).toBe('/echo?a=1');
      expect(seen.headers['accept-encoding']).toBe('gzip, deflate, br');
      expect(first.timings.dns).toBeGreaterThan(0);
      expect(first.timings.connect).toBeGreaterThan(0);
      expect(first.timings.tls).toBe(0);
      expect(first.timings.ttfb).toBeGreaterThan(0);
      expect(first.timings.total).toBeGreaterThanOrEqual(first.timings.ttfb);
      const second = await fresh.send(get(`http://localhost:${http.port}/echo`));
      expect(second.timings.dns).toBe(0);
      expect(second.timings.connect).toBe(0);
      expect(second.timings.ttfb).toBeGreaterThan(0);
    } finally {
      await fresh.close();
    }
  });

  it('sends back-to-back requests on one connection', async () => {
    const server = await connectionCountingServer((_req, res) => res.end('ok'));
    const fresh = createNodeTransport();
    try {
      for (const path of ['/a', '/b', '/c', '/d', '/e', '/f']) {
        const res = await fresh.send(get(`${server.url}${path}`));
        expect(res.status).toBe(200);
      }
      expect(server.connections()).toBe(1);
    } finally {
      await fresh.close();
      await server.close();
    }
  });

  it('never queues a send behind another one in flight, and keeps one connection for sends that follow each other', async () => {
    const server = await connectionCountingServer((req, res) => {
      setTimeout(() => res.end(req.url), req.url === '/slow' ? 400 : 0);
    });
    const fresh = createNodeTransport();
    try {
      // A lone send (it gets the single connection), then two more while it is still in flight.
      const slow = fresh.send(get(`${server.url}/slow`));
      const started = performance.now();
      const [a, b] = await Promise.all([
        fresh.send(get(`${server.url}/a`)),
        fresh.send(get(`${server.url}/b`)),
      ]);
      expect([a.body, b.body]).toEqual(['/a', '/b']);
      expect(performance.now() - started).toBeLessThan(300);
      expect((await slow).body).toBe('/slow');
      const before = server.connections();
      for (const path of ['/c', '/d', '/e']) {
        expect((await fresh.send(get(`${server.url}${path}`))).body).toBe(path);
      }
      expect(server.connections()).toBe(before);
    } finally {
      await fresh.close();
      await server.close();
    }
  });

  it('reports binary bodies as base64', async () => {
    const res = await t.send(get(`${http.url}/binary`));
    expect(res.bodyEncoding).toBe('base64');
    expect(Buffer.from(res.body, 'base64')).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe]));
    expect(res.size).toBe(7);
  });

  it('reads but does not keep a body nobody will read (discardBody), still sizing it', async () => {
    const kept = await t.send(get(`${http.url}/binary`));
    const dropped = await t.send(get(`${http.url}/binary`), { discardBody: true });
    expect(dropped.status).toBe(kept.status);
    expect(dropped.body).toBe('');
    expect(dropped.size).toBe(kept.size);
  });

  it('handles HEAD and 204 answers labelled as compressed', async () => {
    const head = await t.send({ method: 'HEAD', url: `${http.url}/compressed?enc=gzip`, headers: [] });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.size).toBe(0);
  });

  it('rejects bad URLs and refused connections with a TransportError', async () => {
    await expect(t.send(get('ftp://x/y'))).rejects.toMatchObject({ code: 'INVALID_URL' });
    const closed = await startHttp();
    await closed.close();
    await expect(t.send(get(`${closed.url}/echo`))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('redirects', () => {
  it('follows up to the limit and lists hops', async () => {
    const res = await t.send(get(`${http.url}/redirect/3`));
    expect(res.status).toBe(200);
    expect(res.redirects.map((r) => new URL(r.url).pathname)).toEqual([
      '/redirect/2',
      '/redirect/1',
      '/echo',
    ]);
    await expect(t.send(get(`${http.url}/redirect/3`), { maxRedirects: 2 })).rejects.toMatchObject({
      code: 'TOO_MANY_REDIRECTS',
    });
    await expect(t.send(get(`${http.url}/loop`))).rejects.toBeInstanceOf(TransportError);
  });

  it('does not follow when told not to', async () => {
    const res = await t.send(get(`${http.url}/redirect/1`), { followRedirects: false });
    expect(res.status).toBe(302);
    expect(res.redirects).toEqual([]);
  });

  it('rewrites POST to GET on 301/302/303 and keeps it on 307/308', async () => {
    for (const code of [301, 302, 303]) {
      const { seen } = await echo({
        method: 'POST',
        url: `${http.url}/status-redirect/${code}`,
        headers: [],
        body: { kind: 'text', text: 'payload' },
      });
      expect(seen.method, String(code)).toBe('GET');
      expect(seen.body).toBe('');
    }
    for (const code of [307, 308]) {
      const { seen } = await echo({
        method: 'POST',
        url: `${http.url}/status-redirect/${code}`,
        headers: [],
        body: { kind: 'text', text: 'payload' },
      });
      expect(seen.method, String(code)).toBe('POST');
      expect(seen.body).toBe('payload');
    }
  });

  it('asks checkRedirect about every hop', async () => {
    const asked: string[] = [];
    await t.send(get(`${http.url}/redirect/2`), {
      checkRedirect: (u) => void asked.push(new URL(u).pathname),
    });
    expect(asked).toEqual(['/redirect/1', '/echo']);
    await expect(t.send(get(`${http.url}/redirect/2`), { checkRedirect: () => false })).rejects.toMatchObject(
      {
        code: 'REDIRECT_BLOCKED',
      },
    );
    const guard = () => {
      throw new AppError('TARGET_FORBIDDEN', 'private address');
    };
    await expect(t.send(get(`${http.url}/redirect/1`), { checkRedirect: guard })).rejects.toBeInstanceOf(
      AppError,
    );
  });

  it('drops Authorization on a cross-origin redirect', async () => {
    const other = await startHttp();
    try {
      const req: PreparedRequest = {
        method: 'GET',
        url: `${http.url}/absolute-redirect?to=${encodeURIComponent(`${other.url}/echo`)}`,
        headers: [{ key: 'Authorization', value: 'Bearer secret' }],
      };
      const { seen } = await echo(req);
      expect(seen.headers.authorization).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});

describe('limits', () => {
  it('times out', async () => {
    await expect(t.send(get(`${http.url}/hang`), { timeoutMs: 100 })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
  });

  it('times out while an encoded body is still arriving', async () => {
    await expect(t.send(get(`${http.url}/hang?enc=gzip`), { timeoutMs: 100 })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
  });

  it('aborts with the caller signal', async () => {
    const ac = new AbortController();
    const p = t.send(get(`${http.url}/hang`), { signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    await expect(p).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('leaves no listener per send on a signal that outlives many sends (a load-test VU), and still aborts the one in flight', async () => {
    const ac = new AbortController();
    for (let i = 0; i < 20; i++) {
      expect((await t.send(get(`${http.url}/big`), { signal: ac.signal })).size).toBe(100_000);
    }
    await t.send(get(`${http.url}/big`), { signal: ac.signal, timeoutMs: 10_000 });
    // No listener left behind per send: at most the one the transport keeps on the signal.
    expect(getEventListeners(ac.signal, 'abort').length).toBeLessThanOrEqual(1);
    const hanging = t.send(get(`${http.url}/hang`), { signal: ac.signal });
    const hangingWithTimeout = t.send(get(`${http.url}/hang`), { signal: ac.signal, timeoutMs: 10_000 });
    setTimeout(() => ac.abort(), 20);
    await expect(hanging).rejects.toMatchObject({ code: 'ABORTED' });
    await expect(hangingWithTimeout).rejects.toMatchObject({ code: 'ABORTED' });
    await expect(t.send(get(`${http.url}/big`), { signal: ac.signal })).rejects.toMatchObject({
      code: 'ABORTED',
    });
  });

  it('aborts with the caller signal while a timeout is also set, and times out when the signal stays quiet', async () => {
    const ac = new AbortController();
    const p = t.send(get(`${http.url}/hang`), { signal: ac.signal, timeoutMs: 10_000 });
    setTimeout(() => ac.abort(), 20);
    await expect(p).rejects.toMatchObject({ code: 'ABORTED' });
    const aborted = new AbortController();
    aborted.abort();
    await expect(
      t.send(get(`${http.url}/hang`), { signal: aborted.signal, timeoutMs: 10_000 }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
    const quiet = new AbortController();
    await expect(
      t.send(get(`${http.url}/hang?enc=gzip`), { signal: quiet.signal, timeoutMs: 100 }),
    ).rejects.toMatchObject({ code: 'TIMEOUT' });
    // A finished send leaves nothing behind: the connection pool serves the next request normally.
    expect((await t.send(get(`${http.url}/big`), { signal: quiet.signal, timeoutMs: 10_000 })).size).toBe(
      100_000,
    );
  });

  it('truncates past the size cap and flags it', async () => {
    const res = await t.send(get(`${http.url}/big`), { maxResponseBytes: 1000 });
    expect(res.truncated).toBe(true);
    expect(res.size).toBe(1000);
    expect(res.body).toBe('x'.repeat(1000));
    const whole = await t.send(get(`${http.url}/big`));
    expect(whole.truncated).toBe(false);
    expect(whole.size).toBe(100_000);
  });

  it('decompresses gzip, br and deflate (zlib and raw)', async () => {
    for (const enc of ['gzip', 'br', 'deflate', 'deflate-raw']) {
      const res = await t.send(get(`${http.url}/compressed?enc=${enc}`));
      expect(JSON.parse(res.body).hello, enc).toBe('world');
      expect(res.size).toBeGreaterThan(2000);
    }
    const capped = await t.send(get(`${http.url}/compressed?enc=gzip`), { maxResponseBytes: 10 });
    expect(capped.truncated).toBe(true);
    expect(capped.body).toBe('{"hello":"');
  });
});

describe('cookies', () => {
  it('keeps cookies across requests in one jar, not without it', async () => {
    const jar = createCookieJar();
    const set = await t.send(get(`${http.url}/set-cookie`), { cookieJar: jar });
    expect(set.cookies.map((c) => c.name)).toEqual(['sid', 'theme']);
    expect(set.cookies[0]?.httpOnly).toBe(true);
    const { seen } = await echo(
      { method: 'GET', url: `${http.url}/echo`, headers: [{ key: 'Cookie', value: 'mine=1' }] },
      { cookieJar: jar },
    );
    expect(seen.headers.cookie).toBe('mine=1; sid=abc123; theme=dark');
    const { seen: noJar } = await echo(get(`${http.url}/echo`));
    expect(noJar.headers.cookie).toBeUndefined();
  });
});

describe('bodies via prepareRequest', () => {
  const scopes = new VariableScopes({ environment: { name: 'Ada', file: 'hello.txt' } });
  const prep = (body: TBody, path = '/echo', headers: PreparableRequest['headers'] = []) =>
    prepareRequest(item({ method: 'POST', url: `${http.url}${path}`, body, headers }), [], scopes);

  it('raw JSON gets its Content-Type and resolved variables', async () => {
    const { prepared, warnings } = prep({ mode: 'raw', raw: '{"n":"{{name}}"}', language: 'json' });
    expect(warnings).toEqual([]);
    const { seen } = await echo(prepared);
    expect(seen.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen.body)).toEqual({ n: 'Ada' });
  });

  it('keeps a hand-typed Content-Type and skips disabled headers', async () => {
    const { prepared } = prep({ mode: 'raw', raw: '<a/>', language: 'xml' }, '/echo', [
      { key: 'Content-Type', value: 'text/xml', enabled: true },
      { key: 'X-Off', value: '1', enabled: false },
    ]);
    const { seen } = await echo(prepared);
    expect(seen.headers['content-type']).toBe('text/xml');
    expect(seen.headers['x-off']).toBeUndefined();
  });

  it('urlencoded', async () => {
    const { prepared } = prep({
      mode: 'urlencoded',
      urlencoded: [
        { key: 'a', value: '{{name}} & co', enabled: true },
        { key: 'off', value: 'x', enabled: false },
      ],
    });
    const { seen } = await echo(prepared);
    expect(seen.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(seen.body))).toEqual({ a: 'Ada & co' });
  });

  it('multipart with a file relative to cwd', async () => {
    const { prepared } = prep(
      {
        mode: 'formdata',
        formdata: [
          { key: 'who', type: 'text', value: '{{name}}', enabled: true },
          { key: 'doc', type: 'file', value: '', src: '{{file}}', contentType: 'text/plain', enabled: true },
          { key: 'off', type: 'text', value: 'x', enabled: false },
        ],
      },
      '/form',
      [{ key: 'Content-Type', value: 'multipart/form-data', enabled: true }],
    );
    const res = await t.send(prepared);
    const seen = JSON.parse(res.body);
    expect(seen.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen.fields).toEqual({
      who: 'Ada',
      doc: { name: 'hello.txt', type: 'text/plain', text: 'hello file' },
    });
  });

  it('binary file and a missing file', async () => {
    const { prepared } = prep({ mode: 'binary', file: { src: 'blob.bin' } });
    const { seen } = await echo(prepared);
    expect(Buffer.from(seen.bodyBase64, 'base64')).toEqual(Buffer.from([1, 2, 3, 250]));
    const missing = prep({ mode: 'binary', file: { src: 'nope.bin' } }).prepared;
    await expect(t.send(missing)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('GraphQL as JSON {query, variables}', async () => {
    const { prepared } = prep({
      mode: 'graphql',
      graphql: { query: 'query { me }', variables: '{"n":"{{name}}"}' },
    });
    const { seen } = await echo(prepared);
    expect(seen.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen.body)).toEqual({ query: 'query { me }', variables: { n: 'Ada' } });
  });

  it('reports the request as sent', async () => {
    let sent: TSentRequest | undefined;
    const { prepared } = prep({ mode: 'raw', raw: 'hi', language: 'text' });
    await t.send(prepared, {
      onSent: (s) => {
        sent = s;
      },
    });
    expect(sent?.method).toBe('POST');
    expect(sent?.body).toBe('hi');
    expect(sent?.headers.some((h) => h.key === 'User-Agent')).toBe(true);
  });
});

describe('auth', () => {
  const scopes = new VariableScopes({ environment: { user: 'alice', tok: 't0k', base: '' } });
  const send = async (auth: TAuth, path = '/echo', ancestors: RequestAncestor[] = [], opts = {}) => {
    const { prepared } = prepareRequest(item({ url: `${http.url}${path}`, auth }), ancestors, scopes);
    return t.send(prepared, opts);
  };

  it('inherit walks request → folders → collection', async () => {
    const collection: RequestAncestor = { auth: { type: 'bearer', token: 'root' } };
    const folderInherit: RequestAncestor = { type: 'folder', auth: { type: 'inherit' } };
    const folderBasic: RequestAncestor = {
      type: 'folder',
      auth: { type: 'basic', username: '{{user}}', password: 'pw' },
    };
    let seen = JSON.parse((await send({ type: 'inherit' }, '/echo', [collection, folderInherit])).body);
    expect(seen.headers.authorization).toBe('Bearer root');
    seen = JSON.parse(
      (await send({ type: 'inherit' }, '/echo', [collection, folderBasic, folderInherit])).body,
    );
    expect(seen.headers.authorization).toBe(`Basic ${Buffer.from('alice:pw').toString('base64')}`);
    seen = JSON.parse((await send({ type: 'none' }, '/echo', [collection])).body);
    expect(seen.headers.authorization).toBeUndefined();
  });

  it('bearer and API key in header or query', async () => {
    let seen = JSON.parse((await send({ type: 'bearer', token: '{{tok}}' })).body);
    expect(seen.headers.authorization).toBe('Bearer t0k');
    seen = JSON.parse(
      (await send({ type: 'apikey', key: 'X-Api-Key', value: '{{tok}}', in: 'header' })).body,
    );
    expect(seen.headers['x-api-key']).toBe('t0k');
    seen = JSON.parse(
      (await send({ type: 'apikey', key: 'api key', value: 'a&b', in: 'query' }, '/echo?x=1')).body,
    );
    expect(seen.url).toBe('/echo?x=1&api%20key=a%26b');
  });

  it('digest answers the 401 challenge (MD5 and SHA-256)', async () => {
    for (const alg of ['MD5', 'SHA-256']) {
      const before = http.counters.digestChallenges;
      const res = await send(
        { type: 'digest', username: '{{user}}', password: 'secret' },
        `/digest?alg=${alg}`,
      );
      expect(res.status, alg).toBe(200);
      expect(JSON.parse(res.body).ok).toBe(true);
      expect(http.counters.digestChallenges).toBe(before + 1);
    }
    const wrong = await send({ type: 'digest', username: 'alice', password: 'bad' }, '/digest');
    expect(wrong.status).toBe(401);
  });

  it('oauth2 client credentials: token fetched once per run cache', async () => {
    const auth: TAuth = {
      type: 'oauth2',
      grantType: 'client_credentials',
      accessTokenUrl: `${http.url}/token`,
      clientId: 'cid',
      clientSecret: 'csecret',
      scope: 'read',
      clientAuthentication: 'header',
      headerPrefix: 'Bearer',
    };
    const cache = createAuthCache();
    const before = http.counters.token;
    const results = await Promise.all(
      [1, 2, 3].map(() => send(auth, '/protected', [], { authCache: cache })),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await send(auth, '/protected', [], { authCache: cache })).status).toBe(200);
    expect(http.counters.token - before).toBe(1);
    expect(cache.fetches).toBe(1);
    await send(auth, '/protected', [], { authCache: createAuthCache() });
    expect(http.counters.token - before).toBe(2);
  });

  it('oauth2 password grant with client credentials in the body; failures are reported', async () => {
    const auth: TAuth = {
      type: 'oauth2',
      grantType: 'password',
      accessTokenUrl: `${http.url}/token`,
      clientId: 'cid',
      clientSecret: 'csecret',
      username: 'bob',
      password: 'pw',
      clientAuthentication: 'body',
      headerPrefix: 'Bearer',
    };
    expect((await send(auth, '/protected', [], { authCache: createAuthCache() })).status).toBe(200);
    await expect(
      send({ ...auth, password: 'wrong' }, '/protected', [], { authCache: createAuthCache() }),
    ).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      message: 'OAuth 2 token request failed with HTTP 400: invalid_client',
    });
  });

  it('AWS SigV4 signs the request', async () => {
    const res = await send({
      type: 'awsv4',
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      region: 'eu-west-1',
      service: 'execute-api',
      sessionToken: 'sess',
    });
    const seen = JSON.parse(res.body);
    expect(seen.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/,
    );
    expect(seen.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(seen.headers['x-amz-security-token']).toBe('sess');
    await expect(
      send({ type: 'awsv4', accessKeyId: '', secretAccessKey: '', region: 'x', service: 'y' }),
    ).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });
});

describe('TLS, proxy and lookup', () => {
  let https: Loopback;
  let mtls: Loopback;
  beforeAll(async () => {
    https = await startHttps();
    mtls = await startHttps({ requireClientCert: true });
  });
  afterAll(async () => {
    await https.close();
    await mtls.close();
  });

  it('verifies certificates unless insecure; trusts a custom CA', async () => {
    await expect(t.send(get(`${https.url}/echo`))).rejects.toBeInstanceOf(TransportError);
    const insecure = createNodeTransport({ insecure: true });
    const withCa = createNodeTransport({ ca: tlsFixture('ca.crt') });
    try {
      expect((await insecure.send(get(`${https.url}/echo`))).status).toBe(200);
      expect((await t.send(get(`${https.url}/echo`), { insecure: true })).status).toBe(200);
      const res = await withCa.send(get(`https://localhost:${https.port}/echo`));
      expect(res.status).toBe(200);
      expect(res.timings.tls).toBeGreaterThan(0);
    } finally {
      await insecure.close();
      await withCa.close();
    }
  });

  it('presents a client certificate', async () => {
    const noCert = createNodeTransport({ ca: tlsFixture('ca.crt') });
    const withCert = createNodeTransport({
      ca: tlsFixture('ca.crt'),
      cert: tlsFixture('client.crt'),
      key: tlsFixture('client.key'),
    });
    try {
      await expect(noCert.send(get(`${mtls.url}/echo`))).rejects.toBeInstanceOf(TransportError);
      expect((await withCert.send(get(`${mtls.url}/echo`))).status).toBe(200);
    } finally {
      await noCert.close();
      await withCert.close();
    }
  });

  it('sends through an HTTP proxy', async () => {
    const proxy = await startProxy();
    const viaProxy = createNodeTransport({ proxy: proxy.url });
    try {
      const res = await viaProxy.send(get(`${http.url}/echo`));
      expect(JSON.parse(res.body).headers['x-via-proxy']).toBe('1');
      expect(proxy.counters.proxied).toBe(1);
    } finally {
      await viaProxy.close();
      await proxy.close();
    }
  });

  it('tunnels HTTPS through the proxy with CONNECT', async () => {
    const proxy = await startProxy();
    const viaProxy = createNodeTransport({ proxy: proxy.url, ca: tlsFixture('ca.crt') });
    try {
      const res = await viaProxy.send(get(`${https.url}/echo`));
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body).headers['x-via-proxy']).toBeUndefined();
      expect(proxy.counters.proxied).toBe(1);
    } finally {
      await viaProxy.close();
      await proxy.close();
    }
  });

  it('connects only to the address the lookup returns', async () => {
    const asked: string[] = [];
    const pinned = createNodeTransport({
      lookup: async (hostname) => {
        asked.push(hostname);
        if (hostname === 'blocked.test') {
          throw new AppError('TARGET_FORBIDDEN', 'blocked');
        }
        return { address: '127.0.0.1', family: 4 };
      },
    });
    try {
      const res = await pinned.send(get(`http://api.example.test:${http.port}/echo`));
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body).headers.host).toBe(`api.example.test:${http.port}`);
      expect(asked).toEqual(['api.example.test']);
      await expect(pinned.send(get(`http://blocked.test:${http.port}/echo`))).rejects.toBeInstanceOf(
        AppError,
      );
    } finally {
      await pinned.close();
    }
  });
});
