import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppConfig } from './config/env';
import { type AppContext, type ContextDeps, createAppContext } from './context';
import { registerApiDocs } from './plugins/api-docs';
import { type RouteAccess, registerAuth } from './plugins/auth';
import { registerErrorHandler } from './plugins/errors';
import { registerInputChecks } from './plugins/input-checks';
import { metricsAccess, registerMetrics } from './plugins/metrics';
import { presentReadiness, Readiness } from './plugins/readiness';
import { registerReadinessChecks } from './plugins/readiness-checks';
import { registerSecurityHeaders } from './plugins/security-headers';
import { routes } from './routes';
import { documentErrors } from './routes/errors';

/** One registered route, as seen by the `onRoute` hook (the route-table test walks these). */
export interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
    readiness: Readiness;
    /** Every route registered after the core plugins (HEAD duplicates excluded). */
    routeTable: RouteEntry[];
  }
}

export interface AppDeps extends ContextDeps {
  /** Where logs go (tests capture them); default stdout. */
  logStream?: NodeJS.WritableStream;
}

/** Paths the web UI's SPA fallback must never answer. */
const reservedPrefixes = [
  '/api',
  '/ws',
  '/echo',
  '/demo',
  '/docs',
  '/openapi.json',
  '/healthz',
  '/readyz',
  '/metrics',
];

function isReserved(path: string): boolean {
  return reservedPrefixes.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`));
}

/**
 * Invitation tokens travel in the URL path, and the built-in targets' query strings are whatever a user sends
 * (`/echo/bearer?token=…`): never log them.
 */
function redactUrl(url: string): string {
  if (/^\/(echo|demo)(\/|\?|$)/.test(url)) {
    const q = url.indexOf('?');
    return q === -1 ? url : `${url.slice(0, q)}?[REDACTED]`;
  }
  return url.replace(/^(\/api\/invitations\/)[^/?]+/, '$1[REDACTED]');
}

/**
 * Request headers that carry credentials: logged as [REDACTED]. Besides the standard ones, the WebSocket token
 * (`sec-websocket-protocol: apiplay, <token>`) and any header whose name says it holds one (`x-auth-token`,
 * `x-session-id`, `x-amz-security-token`…), which is what users send to the echo.
 */
const secretHeaders = new Set([
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'proxy-authorization',
  'sec-websocket-protocol',
  'sec-websocket-key',
]);
const credentialName = /auth|token|key|secret|session|passw|cookie|credential|signature|csrf|xsrf|jwt/i;
const headerVerdicts = new Map<string, boolean>();

function isSecretHeader(name: string): boolean {
  let secret = headerVerdicts.get(name);
  if (secret === undefined) {
    secret = secretHeaders.has(name) || credentialName.test(name);
    if (headerVerdicts.size < 1000) {
      headerVerdicts.set(name, secret);
    }
  }
  return secret;
}

/**
 * The request as logged. Credential headers are masked here, on a shallow copy, rather than by pino's `redact`
 * paths: per request that was the largest logging cost (≈30 µs of selective cloning per line).
 */
function requestForLog(req: { method: string; url: string; headers: Record<string, unknown>; ip?: string }) {
  const headers: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = isSecretHeader(name) ? '[REDACTED]' : value;
  }
  return { method: req.method, url: redactUrl(req.url), headers, remoteAddress: req.ip };
}

/** Field names whose values never reach the logs, at the top level of a log object or one level down. */
const secretFields = new Set([
  'password',
  'currentPassword',
  'newPassword',
  'accessToken',
  'refreshToken',
  'token',
  'apiKey',
]);

function maskFields(value: Record<string, unknown>): Record<string, unknown> {
  let out = value;
  for (const key of Object.keys(value)) {
    if (secretFields.has(key)) {
      out = out === value ? { ...value } : out;
      out[key] = '[REDACTED]';
    }
  }
  return out;
}

/**
 * pino's `redact` with wildcard paths did this at ≈30 µs per line (selective cloning of every logged object);
 * a shallow scan costs ~1 µs and copies only the objects that hold such a field.
 */
function maskCredentialFields(object: Record<string, unknown>): Record<string, unknown> {
  const top = maskFields(object);
  let out = top;
  for (const [key, value] of Object.entries(top)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Error)) {
      const masked = maskFields(value as Record<string, unknown>);
      if (masked !== value) {
        out = out === object ? { ...top } : out;
        out[key] = masked;
      }
    }
  }
  return out;
}

function loggerOptions(config: AppConfig, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    ...(stream === undefined ? {} : { stream }),
    // Anything else logged with a credential-named field (e.g. `log.warn({ body })`) is masked too.
    formatters: { log: maskCredentialFields },
    serializers: { req: requestForLog },
  };
}

function webDistDir(config: AppConfig): string {
  if (config.webDistDir !== undefined) {
    return config.webDistDir;
  }
  // src/app.ts and dist/main.js are both two levels below apps/: apps/server/{src,dist}/ → apps/web/dist.
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');
}

/**
 * Builds the whole server (used by main.ts and every test). Opens the database unless given one, runs migrations,
 * registers docs, ops endpoints, the access hook and every route plugin from `routes/index.ts`.
 * `app.close()` closes the database and Redis.
 */
export async function buildApp(config: AppConfig, deps: AppDeps = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config, deps.logStream),
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const ctx = await createAppContext(config, deps, (error, where) => app.log.warn({ err: error }, where));
  app.decorate('ctx', ctx);
  app.decorate('readiness', new Readiness());
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method !== 'HEAD') {
        routeTable.push({ method, url: route.url, access: route.config?.access });
      }
    }
    documentErrors(route);
  });
  registerReadinessChecks(app.readiness, ctx);
  // During shutdown, responses to in-flight requests close their keep-alive connection; otherwise an idle
  // keep-alive socket would hold server.close() open until keepAliveTimeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) {
      reply.header('connection', 'close');
    }
  });
  app.addHook('onClose', async () => {
    await ctx.close();
  });
  // The built-in targets are reached at the socket actually bound (PORT=0 lets the OS choose).
  app.addHook('onListen', async () => {
    const bound = app.server.address();
    if (bound !== null && typeof bound === 'object') {
      ctx.bindBuiltinTargets({ address: bound.address, port: bound.port });
    }
  });

  const webRoot = webDistDir(config);
  const spa = existsSync(join(webRoot, 'index.html'));
  // SPA fallback: unknown GET paths outside the reserved prefixes get index.html (client-side routes survive reload).
  registerErrorHandler(app, spa ? { spaFallback: (path) => !isReserved(path) } : {});
  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(cors, {
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    credentials: true,
    exposedHeaders: ['x-request-id', 'retry-after'],
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'API Playground',
        version: '0.1.0',
        description: 'Self-hostable team API client — HTTP API',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Access token (JWT) or API key (apk_…)' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await registerApiDocs(app);
  registerMetrics(app, metricsAccess(config));
  registerAuth(app, ctx);
  registerInputChecks(app);

  app.get('/openapi.json', { schema: { hide: true }, config: { access: { kind: 'public' } } }, async () =>
    app.swagger(),
  );
  app.get('/healthz', { schema: { hide: true }, config: { access: { kind: 'public' } } }, async () => ({
    status: 'ok',
  }));
  app.get(
    '/readyz',
    { schema: { hide: true }, config: { access: { kind: 'public' } } },
    async (request, reply) => {
      const result = await app.readiness.run();
      return reply.status(result.ok ? 200 : 503).send(presentReadiness(result, request.log));
    },
  );

  if (config.runWorkerInProcess) {
    await ctx.startWorker();
  }
  for (const plugin of routes) {
    await app.register(plugin);
  }

  if (spa) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: true, index: ['index.html'] });
  }

  await app.ready();
  return app;
}
