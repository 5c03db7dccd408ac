import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>API Playground — HTTP API</title>
  <link rel="icon" href="/docs/static/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/static/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/static/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>`;

// A separate script, not inline: the Content-Security-Policy allows scripts from 'self' only.
const init = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

/**
 * Interactive API docs at /docs: Swagger UI (swagger-ui-dist's files) pointed at /openapi.json. Served directly
 * rather than through @fastify/swagger-ui, which globbed its assets and loaded a YAML stack at every boot (≈60 ms).
 */
export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  const access = { access: { kind: 'public' as const } };
  const assets = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  await app.register(fastifyStatic, {
    root: assets,
    prefix: '/docs/static/',
    decorateReply: false,
    // one wildcard route instead of a route per file found by a glob at boot
    wildcard: true,
    allowedPath: (path) => /^\/[\w.-]+\.(js|css|png)$/.test(path),
  });
  app.get('/docs', { schema: { hide: true }, config: access }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(page),
  );
  app.get('/docs/init.js', { schema: { hide: true }, config: access }, async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').send(init),
  );
}
