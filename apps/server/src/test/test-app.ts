import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { buildApp } from '../app';
import { loadConfig } from '../config/env';
import type { AppContext } from '../context';
import { type Database, openDatabase } from '../db/client';
import { loadPgliteTemplate } from './pglite-template';

/** True when the suite runs against real PostgreSQL (CI sets TEST_DATABASE_URL). */
export const usingPostgres =
  process.env.TEST_DATABASE_URL !== undefined && process.env.TEST_DATABASE_URL !== '';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  /** Closes the app and drops the per-file PostgreSQL database / temp dir. */
  close(): Promise<void>;
}

async function createPostgresDatabase(
  url: string,
): Promise<{ database: Database; url: string; drop(): Promise<void> }> {
  const name = `apiplay_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: dbUrl.toString(), poolMax: 5 });
  return {
    database,
    url: dbUrl.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Builds the real app for a test file: PGlite in memory with migrations applied, or — when TEST_DATABASE_URL is
 * set — a fresh PostgreSQL database with a random name (dropped on close). Logs are silent unless `LOG_LEVEL` is
 * passed. `env` overrides config variables (e.g. `{ AUTH_RATE_LIMIT_PER_IP: '3' }`).
 *
 * ```ts
 * const t = await createTestApp();
 * afterAll(() => t.close());
 * const owner = await buildUser(t);
 * const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: owner.headers });
 * ```
 */
export async function createTestApp(
  opts: {
    env?: Record<string, string>;
    logStream?: NodeJS.WritableStream;
    /** Use Redis from TEST_REDIS_URL (rate limits, blacklist) with a random key prefix; no-op when unset. */
    redis?: boolean;
    /** Use this Redis instead (a test's own redis-server, e.g. to stop it mid-test). */
    redisUrl?: string;
    /** Redis key prefix (default: a random one); instances of one deployment share it. */
    keyPrefix?: string;
  } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'apiplay-test-'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    // Factories log in a lot from one IP; the rate-limit test lowers these explicitly.
    AUTH_RATE_LIMIT_PER_IP: '100000',
    AUTH_RATE_LIMIT_PER_ACCOUNT: '100000',
    // `SCRIPT_WORKERS=0 npx vitest …` runs the suites with scripts on the main thread (the CLI-like path).
    ...(process.env.SCRIPT_WORKERS ? { SCRIPT_WORKERS: process.env.SCRIPT_WORKERS } : {}),
    ...opts.env,
  };
  let pgDb: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
  let database: Database;
  const testDbUrl = process.env.TEST_DATABASE_URL;
  if (usingPostgres && testDbUrl !== undefined) {
    pgDb = await createPostgresDatabase(testDbUrl);
    database = pgDb.database;
    env.DATABASE_URL = pgDb.url;
    env.JWT_SECRET ??= randomBytes(32).toString('hex');
    env.SECRETS_KEY ??= randomBytes(32).toString('hex');
  } else {
    database = await openDatabase({ kind: 'pglite', loadDataDir: await loadPgliteTemplate() });
  }
  const config = loadConfig(env);
  const redisUrl = opts.redisUrl ?? process.env.TEST_REDIS_URL;
  let redis: Redis | null = null;
  if ((opts.redis === true || opts.redisUrl !== undefined) && redisUrl !== undefined && redisUrl !== '') {
    const { Redis: RedisClient } = await import('ioredis');
    redis = new RedisClient(redisUrl, { maxRetriesPerRequest: 2 });
    redis.on('error', () => undefined); // outage tests stop Redis on purpose
  }
  const app = await buildApp(config, {
    database,
    redis,
    keyPrefix: opts.keyPrefix ?? `apiplay-test:${randomBytes(6).toString('hex')}:`,
    ephemeralSecrets: true,
    ...(opts.logStream === undefined ? {} : { logStream: opts.logStream }),
  });
  return {
    app,
    ctx: app.ctx,
    close: async () => {
      await app.close();
      await redis?.quit();
      await pgDb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A test app that is its own execution target: listening on a loopback port so its built-in `/echo` routes can be
 * executed, with 127.0.0.1 allow-listed for the server-mode (PostgreSQL) run where private targets are refused.
 * `base` is its URL.
 */
export async function createSelfTargetApp(
  opts: { env?: Record<string, string> } = {},
): Promise<TestApp & { base: string }> {
  const t = await createTestApp({ env: { EXECUTION_ALLOWED_HOSTS: '127.0.0.1', ...opts.env } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { ...t, base: `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}` };
}
