// Loopback echo server for the runner benchmark (same shape as ../shared/bench/echo-server.js):
// every path answers JSON { method, path, query, headers, body, json, form, ts }; /status/:code and /delay/:ms.
// `node echo-server.mjs [port]` prints "LISTENING <port>".
import { createServer } from 'node:http';

export function startEchoServer(port = 0) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      const ct = String(req.headers['content-type'] ?? '');
      let json = null;
      let form = null;
      if (ct.includes('json') && body) {
        try {
          json = JSON.parse(body);
        } catch {
          json = null;
        }
      } else if (ct.includes('application/x-www-form-urlencoded')) {
        form = Object.fromEntries(new URLSearchParams(body));
      }
      const query = {};
      for (const [k, v] of url.searchParams) {
        query[k] = k in query ? [].concat(query[k], v) : v;
      }
      const status = Number(/^\/status\/(\d{3})\/?$/.exec(url.pathname)?.[1] ?? 200);
      const delay = Math.min(Number(/^\/delay\/(\d+)\/?$/.exec(url.pathname)?.[1] ?? 0), 10_000);
      const payload = JSON.stringify({
        method: req.method,
        path: url.pathname,
        query,
        headers: req.headers,
        body,
        json,
        form,
        ts: Date.now(),
      });
      const send = () => {
        res.writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(payload),
        });
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
  server.headersTimeout = 66_000;
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => resolve({ server, port: server.address().port }));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { port } = await startEchoServer(Number(process.argv[2] ?? 0));
  process.stdout.write(`LISTENING ${port}\n`);
  const stop = () => process.exit(0);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
