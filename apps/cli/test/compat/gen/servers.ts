// Loopback servers for the newman ↔ apiplay differential suite. One node:http server for well-behaved routes
// (echo, status, redirects, cookies, gzip, XML/HTML, multipart echo) and one raw TCP server whose responses bend
// HTTP the way real servers do (204/304/HEAD with a length, length mismatch, duplicate headers, chunked trailers,
// non-UTF-8 header bytes, broken gzip, early close). Everything is deterministic: no dates, no random values.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  type AddressInfo,
  createServer as createTcpServer,
  type Socket,
  type Server as TcpServer,
} from 'node:net';
import { gzipSync } from 'node:zlib';

export interface DiffServers {
  /** http://127.0.0.1:port of the well-behaved server. */
  url: string;
  /** http://127.0.0.1:port of the raw server. */
  oddUrl: string;
  close(): Promise<void>;
}

interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  value: string;
}

/** A small multipart/form-data reader: enough to show what the server received, part by part. */
function parseMultipart(body: Buffer, contentType: string): Part[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const b = boundary?.[1] ?? boundary?.[2];
  if (!b) {
    return [];
  }
  const text = body.toString('latin1');
  const parts: Part[] = [];
  for (const chunk of text.split(`--${b}`).slice(1)) {
    if (chunk.startsWith('--')) {
      break;
    }
    const sep = chunk.indexOf('\r\n\r\n');
    if (sep < 0) {
      continue;
    }
    const head = chunk.slice(2, sep);
    const value = Buffer.from(chunk.slice(sep + 4).replace(/\r\n$/, ''), 'latin1').toString('utf8');
    const name = /name="([^"]*)"/i.exec(head)?.[1] ?? '';
    const filename = /filename="([^"]*)"/i.exec(head)?.[1];
    const ct = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
    parts.push({
      name,
      value,
      ...(filename !== undefined ? { filename } : {}),
      ...(ct !== undefined ? { contentType: ct.trim() } : {}),
    });
  }
  return parts;
}

function handle(req: IncomingMessage, res: ServerResponse, body: Buffer, base: string): void {
  const url = new URL(req.url ?? '/', base);
  const p = url.pathname;
  const json = (status: number, value: unknown, extra: Record<string, string | string[]> = {}) => {
    const text = JSON.stringify(value);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      ...extra,
    });
    res.end(req.method === 'HEAD' ? undefined : text);
  };
  const status = /^\/status\/(\d{3})$/.exec(p);
  if (status) {
    const code = Number(status[1]);
    if (code === 204 || code === 304) {
      res.writeHead(code);
      res.end();
      return;
    }
    json(code, { status: code });
    return;
  }
  const redirect = /^\/redirect\/(\d+)$/.exec(p);
  if (redirect) {
    const n = Number(redirect[1]);
    res.writeHead(302, { location: n > 1 ? `/redirect/${n - 1}` : '/echo/landed', 'content-length': 0 });
    res.end();
    return;
  }
  if (p === '/redirect-to') {
    const code = Number(url.searchParams.get('status') ?? 302);
    res.writeHead(code, { location: url.searchParams.get('url') ?? '/echo', 'content-length': 0 });
    res.end();
    return;
  }
  if (p === '/cookies/set') {
    const cookies = [...url.searchParams].map(([k, v]) => `${k}=${v}; Path=/`);
    json(200, { set: cookies.length }, { 'set-cookie': cookies });
    return;
  }
  if (p === '/cookies/set-redirect') {
    const cookies = [...url.searchParams].map(([k, v]) => `${k}=${v}; Path=/`);
    res.writeHead(302, { location: '/cookies', 'set-cookie': cookies, 'content-length': 0 });
    res.end();
    return;
  }
  if (p === '/cookies') {
    json(200, { cookie: req.headers.cookie ?? '' });
    return;
  }
  if (p === '/gzip') {
    const z = gzipSync(JSON.stringify({ gzipped: true, n: 1 }));
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      'content-length': z.length,
    });
    res.end(z);
    return;
  }
  if (p === '/xml') {
    const text =
      '<?xml version="1.0"?><root><item id="1">one</item><item id="2">two</item><name>apiplay</name></root>';
    res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  if (p === '/html') {
    const text =
      '<html><head><title>T</title></head><body><h1 class="x">Hello</h1><ul><li>a</li><li>b</li></ul></body></html>';
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
    return;
  }
  if (p === '/text') {
    const text = 'plain text body';
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  if (p === '/dup-headers') {
    res.writeHead(200, [
      ['Content-Type', 'application/json'],
      ['X-Dup', 'one'],
      ['X-Dup', 'two'],
      ['Set-Cookie', 'a=1; Path=/'],
      ['Set-Cookie', 'b=2; Path=/'],
      ['Content-Length', '2'],
    ]);
    res.end('{}');
    return;
  }
  if (p === '/basic-auth') {
    const auth = req.headers.authorization ?? '';
    json(auth.startsWith('Basic ') ? 200 : 401, { authorization: auth });
    return;
  }
  const ct = String(req.headers['content-type'] ?? '');
  const text = body.toString('utf8');
  let parsed: unknown = null;
  if (ct.includes('json') && text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : ([] as string[]).concat(prev, v);
  }
  // Headers the runners add on their own (user agent, tokens, connection handling) are left out of the echo.
  const headers: Record<string, string | string[] | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (
      !['user-agent', 'postman-token', 'connection', 'accept-encoding', 'host', 'cache-control'].includes(k)
    ) {
      headers[k] = v;
    }
  }
  json(200, {
    method: req.method,
    path: p,
    query,
    headers,
    body: text,
    bodyLength: body.length,
    json: parsed,
    form: ct.includes('x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(text)) : null,
    parts: ct.includes('multipart/form-data') ? parseMultipart(body, ct) : null,
  });
}

/** Raw responses: each route writes bytes exactly as given. */
const ODD: Record<string, (method: string) => { bytes: Buffer; end: 'close' | 'keep' | 'destroy' }> = {
  '/204-length': () => ({
    bytes: Buffer.from('HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n'),
    end: 'close',
  }),
  '/304-length': () => ({
    bytes: Buffer.from('HTTP/1.1 304 Not Modified\r\nContent-Length: 25\r\nETag: "x"\r\n\r\n'),
    end: 'close',
  }),
  '/head-length': (method) => ({
    bytes: Buffer.from(
      `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n${method === 'HEAD' ? '' : '{"head":"length"}'}`,
    ),
    end: 'close',
  }),
  '/length-short': () => ({
    bytes: Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 40\r\n\r\nonly ten b'),
    end: 'close',
  }),
  '/length-long': () => ({
    bytes: Buffer.from(
      'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nfive and more bytes',
    ),
    end: 'close',
  }),
  '/dup-length': () => ({
    bytes: Buffer.from(
      'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\nContent-Length: 4\r\n\r\nsame',
    ),
    end: 'close',
  }),
  '/dup-headers': () => ({
    bytes: Buffer.from(
      'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Multi: a\r\nX-Multi: b\r\nx-multi: c\r\nContent-Length: 2\r\n\r\nok',
    ),
    end: 'close',
  }),
  '/chunked-trailers': () => ({
    bytes: Buffer.from(
      'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n' +
        '5\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: abc\r\n\r\n',
    ),
    end: 'close',
  }),
  '/latin1-header': () => ({
    bytes: Buffer.concat([
      Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Name: caf'),
      Buffer.from([0xe9]),
      Buffer.from('\r\nContent-Length: 2\r\n\r\nok'),
    ]),
    end: 'close',
  }),
  '/broken-gzip': () => ({
    bytes: Buffer.from(
      'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\nContent-Length: 12\r\n\r\nnot gzip at!',
    ),
    end: 'close',
  }),
  '/early-close': () => ({ bytes: Buffer.alloc(0), end: 'destroy' }),
  '/partial-headers': () => ({ bytes: Buffer.from('HTTP/1.1 200 OK\r\nContent-Ty'), end: 'destroy' }),
  '/no-length-close': () => ({
    bytes: Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"until":"close"}'),
    end: 'close',
  }),
  '/status-text': () => ({
    bytes: Buffer.from(
      'HTTP/1.1 299 Whatever Works\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok',
    ),
    end: 'close',
  }),
};

/**
 * Every raw response says `Connection: close` (the server closes after it): a client that pooled the socket and
 * reused it would otherwise race the close, and the suite would see a reset that depends on timing.
 */
function withConnectionClose(bytes: Buffer): Buffer {
  const firstLineEnd = bytes.indexOf('\r\n');
  if (firstLineEnd < 0 || !bytes.subarray(0, 5).equals(Buffer.from('HTTP/'))) {
    return bytes;
  }
  return Buffer.concat([
    bytes.subarray(0, firstLineEnd + 2),
    Buffer.from('Connection: close\r\n'),
    bytes.subarray(firstLineEnd + 2),
  ]);
}

function onRawConnection(socket: Socket): void {
  let head = Buffer.alloc(0);
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) {
      return;
    }
    socket.removeAllListeners('data');
    const [method = 'GET', target = '/'] = head.subarray(0, end).toString('latin1').split(' ');
    const path = target.split('?')[0] ?? '/';
    const route = ODD[path];
    if (!route) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const r = route(method);
    const bytes = withConnectionClose(r.bytes);
    if (r.end === 'destroy') {
      socket.write(bytes, () => socket.destroy());
    } else {
      socket.end(bytes);
    }
  });
}

export async function startDiffServers(): Promise<DiffServers> {
  const sockets = new Set<Socket>();
  let base = '';
  const http: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks), base));
  });
  // Both tools keep connections alive across requests (newman's agent across cases, too). Node closes an idle one
  // after 5 s, and a client that reuses it in that instant gets a reset: on a loaded machine the gap between two
  // requests can pass 5 s, so a request "fails" at random. Idle connections stay open for the suite instead.
  http.keepAliveTimeout = 600_000;
  const raw: TcpServer = createTcpServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    onRawConnection(s);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url: base,
    oddUrl: `http://127.0.0.1:${(raw.address() as AddressInfo).port}`,
    close: async () => {
      http.closeAllConnections();
      for (const s of sockets) {
        s.destroy();
      }
      await Promise.all([
        new Promise<void>((r) => http.close(() => r())),
        new Promise<void>((r) => raw.close(() => r())),
      ]);
    },
  };
}
