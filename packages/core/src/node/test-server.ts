// Test-only loopback servers for the transport tests (not exported from the package).
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { Response } from 'undici';

const fixtures = new URL('./fixtures/tls/', import.meta.url);
export const tlsFixture = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');

export interface Counters {
  token: number;
  digestChallenges: number;
  proxied: number;
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) {
    chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  }
  return Buffer.concat(chunks);
}

function json(
  res: ServerResponse,
  status: number,
  data: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(data));
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function parseAuthParams(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of header.replace(/^Digest\s+/i, '').matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]+))/g)) {
    out[m[1] ?? ''] = m[2] ?? m[3] ?? '';
  }
  return out;
}

/** Routes used by the tests; each answers what it received so tests assert on the server's view. */
export function makeHandler(counters: Counters) {
  const nonce = randomBytes(8).toString('hex');
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = await readAll(req);
    const p = url.pathname;
    if (p === '/echo' || p === '/protected') {
      if (p === '/protected' && req.headers.authorization !== 'Bearer tok-1') {
        json(res, 401, { error: 'no token' });
        return;
      }
      json(res, 200, {
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: body.toString('utf8'),
        bodyBase64: body.toString('base64'),
      });
      return;
    }
    if (p === '/form') {
      const ct = req.headers['content-type'] ?? '';
      const fd = await new Response(body, { headers: { 'content-type': ct } }).formData();
      const fields: Record<string, unknown> = {};
      for (const [k, v] of fd) {
        fields[k] =
          typeof v === 'string'
            ? v
            : { name: v.name, type: v.type, text: Buffer.from(await v.arrayBuffer()).toString('utf8') };
      }
      json(res, 200, { contentType: ct, fields });
      return;
    }
    const redirect = /^\/redirect\/(\d+)$/.exec(p);
    if (redirect) {
      const n = Number(redirect[1]);
      res.writeHead(302, { location: n <= 1 ? '/echo' : `/redirect/${n - 1}` });
      res.end();
      return;
    }
    const status = /^\/status-redirect\/(\d+)$/.exec(p);
    if (status) {
      res.writeHead(Number(status[1]), { location: `/echo${url.search}` });
      res.end();
      return;
    }
    if (p === '/absolute-redirect') {
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/echo' });
      res.end();
      return;
    }
    if (p === '/loop') {
      res.writeHead(302, { location: '/loop' });
      res.end();
      return;
    }
    if (p === '/hang') {
      // Never answers (or, with ?enc=gzip, sends the headers and never the body); the client's timeout must end
      // the exchange.
      const enc = url.searchParams.get('enc');
      if (enc) {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': enc });
        res.flushHeaders();
      }
      return;
    }
    if (p === '/big') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('x'.repeat(100_000));
      return;
    }
    if (p === '/compressed') {
      const payload = Buffer.from(JSON.stringify({ hello: 'world', pad: 'y'.repeat(2000) }));
      const enc = url.searchParams.get('enc') ?? 'gzip';
      const encoded =
        enc === 'gzip'
          ? gzipSync(payload)
          : enc === 'br'
            ? brotliCompressSync(payload)
            : enc === 'deflate'
              ? deflateSync(payload)
              : deflateRawSync(payload);
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': enc === 'deflate-raw' ? 'deflate' : enc,
      });
      res.end(encoded);
      return;
    }
    if (p === '/binary') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe]));
      return;
    }
    if (p === '/set-cookie') {
      res.writeHead(200, { 'set-cookie': ['sid=abc123; Path=/; HttpOnly', 'theme=dark; Path=/'] });
      res.end('ok');
      return;
    }
    if (p === '/digest') {
      const alg = url.searchParams.get('alg') ?? 'MD5';
      const H = alg === 'SHA-256' ? sha256 : md5;
      const auth = req.headers.authorization;
      if (!auth?.startsWith('Digest ')) {
        counters.digestChallenges += 1;
        res.writeHead(401, {
          'www-authenticate': `Digest realm="test@apiplay", qop="auth", algorithm=${alg}, nonce="${nonce}", opaque="op4que"`,
        });
        res.end();
        return;
      }
      const a = parseAuthParams(auth);
      const ha1 = H(`${a.username}:test@apiplay:secret`);
      const ha2 = H(`${req.method}:${a.uri}`);
      const expected = H(`${ha1}:${nonce}:${a.nc}:${a.cnonce}:${a.qop}:${ha2}`);
      const ok =
        a.username === 'alice' &&
        a.response === expected &&
        a.uri === req.url &&
        a.opaque === 'op4que' &&
        a.algorithm === alg;
      json(res, ok ? 200 : 401, { ok });
      return;
    }
    if (p === '/token') {
      counters.token += 1;
      const form = new URLSearchParams(body.toString('utf8'));
      const basic = req.headers.authorization ?? '';
      const viaHeader = basic === `Basic ${Buffer.from('cid:csecret').toString('base64')}`;
      const viaBody = form.get('client_id') === 'cid' && form.get('client_secret') === 'csecret';
      const grantOk =
        form.get('grant_type') === 'client_credentials' ||
        (form.get('grant_type') === 'password' &&
          form.get('username') === 'bob' &&
          form.get('password') === 'pw');
      if (!(viaHeader || viaBody) || !grantOk) {
        json(res, 400, { error: 'invalid_client' });
        return;
      }
      json(res, 200, {
        access_token: 'tok-1',
        token_type: 'Bearer',
        expires_in: 3600,
        scope: form.get('scope'),
      });
      return;
    }
    json(res, 404, { error: 'not found' });
  };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return String(port);
}

export interface Loopback {
  url: string;
  port: string;
  counters: Counters;
  close: () => Promise<void>;
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

export async function startHttp(): Promise<Loopback> {
  const counters: Counters = { token: 0, digestChallenges: 0, proxied: 0 };
  const handler = makeHandler(counters);
  const server = createServer((req, res) => void handler(req, res));
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, counters, close: closer(server) };
}

export async function startHttps(opts: { requireClientCert?: boolean } = {}): Promise<Loopback> {
  const counters: Counters = { token: 0, digestChallenges: 0, proxied: 0 };
  const handler = makeHandler(counters);
  const server = createHttpsServer(
    {
      key: tlsFixture('server.key'),
      cert: tlsFixture('server.crt'),
      ca: tlsFixture('ca.crt'),
      requestCert: Boolean(opts.requireClientCert),
      rejectUnauthorized: Boolean(opts.requireClientCert),
    },
    (req, res) => void handler(req, res),
  );
  const port = await listen(server);
  return { url: `https://127.0.0.1:${port}`, port, counters, close: closer(server) };
}

/** A forward proxy: absolute-form requests for plain-HTTP targets, CONNECT tunnels for HTTPS ones. */
export async function startProxy(): Promise<Loopback> {
  const counters: Counters = { token: 0, digestChallenges: 0, proxied: 0 };
  const server = createServer((req, res) => {
    counters.proxied += 1;
    const target = new URL(req.url ?? '');
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers: { ...req.headers, 'x-via-proxy': '1' },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  // HTTPS targets go through a CONNECT tunnel.
  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    counters.proxied += 1;
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, counters, close: closer(server) };
}
