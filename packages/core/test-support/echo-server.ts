// Test-only loopback echo server shared by core's and the CLI's tests (exported as
// `@apiplay/core/test-support/echo-server`, for tests only). Same shape as the shared benchmark echo: JSON
// { method, path, query, headers, body, json, form } for every path; /status/:code and /delay/:ms; /cookies/set?k=v.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EchoServer {
  url: string;
  /** Requests served, in order: "METHOD /path?query". */
  log: string[];
  close(): Promise<void>;
}

export async function startEchoServer(): Promise<EchoServer> {
  const log: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      log.push(`${req.method} ${url.pathname}${url.search}`);
      const body = Buffer.concat(chunks).toString('utf8');
      const ct = String(req.headers['content-type'] ?? '');
      let json: unknown = null;
      let form: unknown = null;
      if (ct.includes('json') && body) {
        try {
          json = JSON.parse(body);
        } catch {
          json = null;
        }
      } else if (ct.includes('application/x-www-form-urlencoded')) {
        form = Object.fromEntries(new URLSearchParams(body));
      }
      const query: Record<string, string | string[]> = {};
      for (const [k, v] of url.searchParams) {
        const prev = query[k];
        query[k] = prev === undefined ? v : ([] as string[]).concat(prev, v);
      }
      const status = Number(/^\/status\/(\d{3})\/?$/.exec(url.pathname)?.[1] ?? 200);
      const delay = Math.min(Number(/^\/delay\/(\d+)\/?$/.exec(url.pathname)?.[1] ?? 0), 10_000);
      const headers: Record<string, string | string[]> = {
        'content-type': 'application/json; charset=utf-8',
      };
      if (url.pathname === '/cookies/set') {
        headers['set-cookie'] = [...url.searchParams].map(([k, v]) => `${k}=${v}; Path=/`);
      }
      const payload = JSON.stringify({
        method: req.method,
        path: url.pathname,
        query,
        headers: req.headers,
        body,
        json,
        form,
      });
      const send = () => {
        res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(payload) });
        res.end(req.method === 'HEAD' ? undefined : payload);
      };
      if (delay > 0) {
        setTimeout(send, delay);
      } else {
        send();
      }
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
