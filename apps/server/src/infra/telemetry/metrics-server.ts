import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

const digest = (v: string) => createHash('sha256').update(v).digest();

/**
 * `/metrics` of a worker process (`WORKER_METRICS_PORT`), which serves no HTTP otherwise: the same registry shape
 * and the same rule as the web server's endpoint — the METRICS_TOKEN bearer when set; without it, open only in
 * embedded mode (never the case for a separate worker, so a worker without METRICS_TOKEN does not listen).
 */
export async function serveWorkerMetrics(opts: {
  registry: Registry;
  token: string;
  host: string;
  port: number;
}): Promise<Server> {
  const expected = digest(opts.token);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://worker');
    if (req.method !== 'GET' || url.pathname !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (m?.[1] === undefined || !timingSafeEqual(digest(m[1]), expected)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"' }).end();
      return;
    }
    opts.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': opts.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, resolve);
  });
  return server;
}
