import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZErrorResponse } from '@apiplay/core';
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { AppConfig } from './config/env';
import type { AppContext } from './context';
import { type Database, openDatabase, pgliteDataDir } from './db/client';
import { runMigrations } from './db/migrate';
import { runBootSeed } from './db/seed';
import { AccessTokens } from './lib/access-tokens';
import { type AuthChanges, createLocalAuthChanges, createRedisAuthChanges } from './lib/auth-changes';
import { loadInstanceSecrets } from './lib/instance-secrets';
import { MembershipCache } from './lib/membership-cache';
import { MemoryRateLimiter, type RateLimiter, RedisRateLimiter } from './lib/rate-limiter';
import { connectRedisAtBoot, REQUEST_PATH_REDIS } from './lib/redis-clients';
import { LocalBlacklist, SharedBlacklist, type TokenBlacklist } from './lib/token-blacklist';
import { UserCache } from './lib/user-cache';
import { registerApiDocs } from './plugins/api-docs';
import { type RouteAccess, registerAuth } from './plugins/auth';
import { registerErrorHandler } from './plugins/errors';
import { registerMetrics } from './plugins/metrics';
import { Readiness } from './plugins/readiness';
import { registerSecurityHeaders } from './plugins/security-headers';
import { routes } from './routes';

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

export interface AppDeps {
  /** An open database (tests); otherwise opened from config (PGlite under DATA_DIR or DATABASE_URL). */
  database?: Database;
  /** A Redis client; otherwise one is created from REDIS_URL when set. */
  redis?: Redis | null;
  /** Keep generated secrets in memory instead of DATA_DIR (tests). */
  ephemeralSecrets?: boolean;
  /** Where logs go (tests capture them); default stdout. */
  logStream?: NodeJS.WritableStream;
  /** Run migrations at boot (default true; idempotent). */
  migrate?: boolean;
  /** Prefix of every Redis key this app writes (tests isolate themselves with a random one). */
  keyPrefix?: string;
}

/**
 * Every documented /api route lists the error responses its access rule and inputs make possible (400 for
 * inputs, 401 for authenticated routes, 403/404 for workspace routes), unless the route already lists them.
 */
function documentErrors(route: RouteOptions): void {
  const schema = route.schema;
  if (schema === undefined || schema.hide === true || !route.url.startsWith('/api/')) {
    return;
  }
  const access = route.config?.access;
  const statuses: number[] = [];
  if (schema.body !== undefined || schema.params !== undefined || schema.querystring !== undefined) {
    statuses.push(400);
  }
  if (access?.kind !== 'public') {
    statuses.push(401);
  }
  if (access?.kind === 'workspace') {
    statuses.push(403, 404);
  }
  const response: Record<string, unknown> = { ...(schema.response as Record<string, unknown> | undefined) };
  for (const status of statuses) {
    response[status] ??= ZErrorResponse;
  }
  schema.response = response;
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

async function createContext(config: AppConfig, deps: AppDeps): Promise<AppContext> {
  const database =
    deps.database ??
    (config.databaseUrl === undefined
      ? await openDatabase({ kind: 'pglite', dataDir: pgliteDataDir(config.dataDir) })
      : await openDatabase({ kind: 'postgres', url: config.databaseUrl, poolMax: config.databasePoolMax }));
  if (deps.migrate !== false) {
    await runMigrations(database);
  }
  let redis: Redis | null = deps.redis ?? null;
  if (deps.redis === undefined && config.redisUrl !== undefined) {
    // Loaded lazily: embedded mode never pays for ioredis' import (≈0.35 s here).
    const { Redis: RedisClient } = await import('ioredis');
    redis = new RedisClient(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
    redis.on('error', () => undefined); // reported by /readyz; ioredis would print every retry otherwise
    await connectRedisAtBoot(redis, config.redisUrl);
  }
  // The request path's own connection: fails fast during an outage instead of queueing (lib/redis-clients.ts).
  let requestRedis: Redis | null = null;
  if (redis !== null) {
    requestRedis = redis.duplicate(REQUEST_PATH_REDIS);
    requestRedis.on('error', () => undefined);
    await connectRedisAtBoot(requestRedis, config.redisUrl);
  }
  const prefix = deps.keyPrefix ?? 'apiplay:';
  const secrets = loadInstanceSecrets(config, deps.ephemeralSecrets === true);
  let blacklist: TokenBlacklist;
  if (database.kind === 'pglite') {
    const local = new LocalBlacklist(database.db);
    await local.load();
    blacklist = local;
  } else {
    const shared = new SharedBlacklist(database.db, requestRedis, prefix);
    await shared.sync();
    blacklist = shared;
  }
  const rateLimiter: RateLimiter =
    requestRedis === null ? new MemoryRateLimiter() : new RedisRateLimiter(requestRedis, `${prefix}rl:`);
  const authChanges: AuthChanges =
    redis === null ? createLocalAuthChanges() : await createRedisAuthChanges(redis, `${prefix}auth-changes`);
  return {
    config,
    db: database.db,
    database,
    redis,
    requestRedis,
    accessTokens: new AccessTokens(secrets.jwtSecret),
    blacklist,
    authChanges,
    rateLimiter,
    secrets,
    userCache: new UserCache(database.kind === 'pglite'),
    memberships: new MembershipCache(database.kind === 'pglite'),
  };
}

/**
 * Builds the whole server (used by main.ts and every test). Opens the database unless given one, runs migrations,
 * registers docs, ops endpoints, the access hook and every route plugin from `routes/index.ts`.
 * `app.close()` closes the database and Redis.
 */
export async function buildApp(config: AppConfig, deps: AppDeps = {}): Promise<FastifyInstance> {
  const ctx = await createContext(config, deps);
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
  app.readiness.register('database', () => ctx.database.ping());
  if (ctx.requestRedis !== null) {
    // The fail-fast connection: during an outage /readyz answers 503 at once instead of after retries.
    const redis = ctx.requestRedis;
    app.readiness.register('redis', async () => {
      await redis.ping();
    });
  }
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
    await ctx.authChanges.close();
    ctx.requestRedis?.disconnect();
    if (ctx.redis !== null && deps.redis === undefined) {
      await ctx.redis.quit().catch(() => undefined);
    }
    await ctx.database.close();
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
  registerMetrics(app);
  registerAuth(app, ctx);

  app.get('/openapi.json', { schema: { hide: true }, config: { access: { kind: 'public' } } }, async () =>
    app.swagger(),
  );
  app.get('/healthz', { schema: { hide: true }, config: { access: { kind: 'public' } } }, async () => ({
    status: 'ok',
  }));
  app.get(
    '/readyz',
    { schema: { hide: true }, config: { access: { kind: 'public' } } },
    async (_req, reply) => {
      const result = await app.readiness.run();
      return reply
        .status(result.ok ? 200 : 503)
        .send({ status: result.ok ? 'ready' : 'unavailable', ...result });
    },
  );

  for (const plugin of routes) {
    await app.register(plugin);
  }

  if (spa) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: true, index: ['index.html'] });
  }

  await app.ready();
  await runBootSeed({ ctx });
  return app;
}
