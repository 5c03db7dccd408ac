import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { TInstanceSettings, Transport } from '@apiplay/core';
import type { Redis } from 'ioredis';
import type { AppConfig } from './config/env';
import { type Database, type Db, openDatabase, pgliteDataDir } from './db/client';
import { runMigrations } from './db/migrate';
import { type AuthChanges, createLocalAuthChanges, createRedisAuthChanges } from './infra/auth-changes';
import { type BlobStorage, createLocalBlobStorage } from './infra/blob-storage';
import { type CachedValue, createCachedValue } from './infra/cached-value';
import { createLocalEventBus, createRedisEventBus, type EventBus } from './infra/event-bus';
import { createScriptExecutor } from './infra/execution/script-executor';
import { createServerTransport } from './infra/execution/server-transport';
import { createGlobalsCache, type GlobalsCache } from './infra/globals-cache';
import { createHistoryWriter, type HistoryWriter } from './infra/history-writer';
import { createLocalLoadChannel, createRedisLoadChannel, type LoadChannel } from './infra/load-channel';
import { createDevMailbox, createSmtpMailer, type Mailer } from './infra/mailer';
import { MembershipCache } from './infra/membership-cache';
import { createPgAuthChanges } from './infra/pg-auth-changes';
import { MemoryRateLimiter, type RateLimiter, RedisRateLimiter } from './infra/rate-limiter';
import { closeRedis, connectRedisAtBoot, REQUEST_PATH_REDIS } from './infra/redis-clients';
import { createSecretBox, type SecretBox, sealStoredSecrets } from './infra/secrets';
import { createSsoProviders, type SsoProvider } from './infra/sso/providers';
import {
  builtinAddressOf,
  builtinTargetsFromUrl,
  createSsrfPolicy,
  type SsrfPolicy,
  type SsrfPolicyOptions,
} from './infra/ssrf';
import { type AppMetrics, createAppMetrics } from './infra/telemetry/app-metrics';
import { type ErrorReporter, startErrorReporting } from './infra/telemetry/error-reporting';
import { startTracing, type Tracing, traceDatabase } from './infra/telemetry/tracing';
import { LocalBlacklist, SharedBlacklist, type TokenBlacklist } from './infra/token-blacklist';
import { createTreeCache, type TreeCache } from './infra/tree-cache';
import { createUnchangedMemo, type UnchangedMemo } from './infra/unchanged-memo';
import { UserCache } from './infra/user-cache';
import { VerifiedTokens } from './infra/verified-tokens';
import { heartbeatKey, startWorkerHeartbeat, type WorkerHeartbeat } from './infra/worker-heartbeat';
import { createJobQueue, type EnqueueJob, type JobQueue } from './jobs';
import { createJobHandlers } from './jobs/handlers';
import { AccessTokens } from './lib/access-tokens';
import { type InstanceSecrets, loadInstanceSecrets } from './lib/instance-secrets';
import { ensureFirstAdmin } from './services/admin/ensure-first-admin';
import { sealAuditChain } from './services/audit/seal-audit-chain';
import { getCollectionTree } from './services/collections/get-collection-tree';
import { ensureGlobalsRow } from './services/environments/globals';
import { openVariables } from './services/environments/seal-variables';
import type { ExecutionDeps } from './services/execute/execute-request';
import { failInterruptedLoadRuns } from './services/load-runs/fail-interrupted-load-runs';
import type { LoadDeps } from './services/load-runs/load-deps';
import { resumeInterruptedRuns } from './services/runs/resume-interrupted-runs';
import {
  effectiveSettings,
  readStoredSettings,
  settingsDefaults,
} from './services/settings/instance-settings';

/**
 * Everything the server shares, built once by `createAppContext` (buildApp's first step) and available to route
 * plugins as `app.ctx`. Services take it, or the parts they need, in their options object and never see Fastify
 * types. `close()` releases what it opened (buildApp calls it on `app.close()`).
 */
export interface AppContext {
  config: AppConfig;
  db: Db;
  database: Database;
  /** Null in embedded mode / without REDIS_URL. */
  redis: Redis | null;
  /** The request path's Redis connection (short timeouts, no offline queue); null without Redis. */
  requestRedis: Redis | null;
  /** Prefix of every Redis key this app writes (`apiplay:`; tests use a random one). */
  keyPrefix: string;
  accessTokens: AccessTokens;
  blacklist: TokenBlacklist;
  /** Notices that a user's credentials or memberships changed (re-checks open `/ws` streams on every instance). */
  authChanges: AuthChanges;
  rateLimiter: RateLimiter;
  secrets: InstanceSecrets;
  /** Exact user-row cache in embedded mode, pass-through otherwise. Invalidate after writing a user row. */
  userCache: UserCache;
  /** Server mode: JWTs found not revoked, kept while auth-change notices arrive (see verified-tokens.ts). */
  verifiedTokens: VerifiedTokens;
  /** Exact workspace-role cache in embedded mode, pass-through otherwise. Invalidate after changing memberships. */
  memberships: MembershipCache;
  /** Live events (in-process, or Redis pub/sub so every instance sees every event). */
  events: EventBus;
  /** Instance settings in effect (stored over environment defaults); invalidate after storing them. */
  settings: CachedValue<TInstanceSettings>;
  /** Encrypts secret variables at rest. */
  secretBox: SecretBox;
  ssrf: SsrfPolicy;
  /** The guarded outbound transport (SSRF policy, caps) for fetches that are not executions (import from URL). */
  transport: Transport;
  /** Point `http://apiplay.internal` at the socket this server listens on (called once it listens). */
  bindBuiltinTargets(listen: { address: string; port: number }): void;
  storage: BlobStorage;
  /** Serialized collection trees, keyed by revision. */
  trees: TreeCache;
  /** Embedded: resource → owning workspace, remembered while the database is unchanged (routes/owner-of.ts). */
  owners: UnchangedMemo<string | null>;
  /** Decrypted workspace globals, invalidated by live events. */
  globals: GlobalsCache;
  /** Batches direct executions' history rows behind the response. */
  history: HistoryWriter;
  /** OpenTelemetry tracing (OTEL_EXPORTER_OTLP_ENDPOINT), null when off. */
  tracing: Tracing | null;
  /** Error reporting (SENTRY_DSN), null when off. */
  errors: ErrorReporter | null;
  /** Prometheus metrics of this process (served at `/metrics`; the worker serves them on WORKER_METRICS_PORT). */
  metrics: AppMetrics;
  /** What executions (direct, queued, runs) need: db, secrets, storage, the script executor (transport, pool). */
  execution: ExecutionDeps;
  /** What load runs' parts need (guarded transport, the channel their per-second partials travel on). */
  load: LoadDeps;
  jobs: JobQueue;
  /** Outgoing mail: SMTP_URL through nodemailer, or the dev mailbox (database + log). */
  mailer: Mailer;
  /** Configured single sign-on providers by id (`oidc`, `github`). */
  sso: ReadonlyMap<string, SsoProvider>;
  /** `jobs.enqueue`, the one thing services need from the queue. */
  enqueue: EnqueueJob;
  /** Start processing jobs in this process (embedded mode, RUN_WORKER_IN_PROCESS, or the worker process). */
  startWorker(): Promise<void>;
  /** Stops the worker and flushes history; closes the database and Redis when this context opened them. */
  close(): Promise<void>;
}

export interface ContextDeps {
  /** An open database (tests); otherwise opened from config (PGlite under DATA_DIR or DATABASE_URL). */
  database?: Database;
  /** A Redis client; otherwise one is created from REDIS_URL when set. */
  redis?: Redis | null;
  /** `service.name` of traces and Sentry's server name when OTEL_SERVICE_NAME is not set (worker.ts: apiplay-worker). */
  role?: 'server' | 'worker';
  /** Keep generated secrets in memory instead of DATA_DIR (tests). */
  ephemeralSecrets?: boolean;
  /** Run migrations at boot (default true; idempotent). */
  migrate?: boolean;
  /** Prefix of every Redis key this app writes (tests isolate themselves with a random one). */
  keyPrefix?: string;
}

export type { EnqueueJob, JobInput } from './jobs';

/**
 * A script worker silent this long is terminated and replaced: the engine's per-script time limit (5 s, which
 * QuickJS's interrupt enforces) plus a grace period for what the interrupt cannot reach, generous enough for a
 * worker starved of CPU on a loaded machine (workers run at a lower priority than the main thread).
 */
const SCRIPT_STALL_MS = 5000 + 5000;

/** With a shared database, how long an instance keeps the instance settings before reading them again. */
const SETTINGS_TTL_MS = 5000;
/** How long a load run waits for all its parts to be taken by workers before it fails. */
const LOAD_START_TIMEOUT_MS = 60_000;

/** How often the history retention cleanup runs. */
const CLEANUP_EVERY_MS = 60 * 60 * 1000;

/**
 * DATA_DIR/blobs, or the S3 bucket when S3_BUCKET is set: checked at boot (a bad bucket, key, region or endpoint
 * stops the server naming the setting). The AWS SDK is loaded only then.
 */
async function openBlobStorage(config: AppConfig): Promise<BlobStorage> {
  if (config.s3 === undefined) {
    return createLocalBlobStorage(join(config.dataDir, 'blobs'));
  }
  const { createS3BlobStorage, checkS3AtBoot } = await import('./infra/s3-blob-storage');
  const storage = createS3BlobStorage(config.s3);
  try {
    await checkS3AtBoot(storage, config.s3);
  } catch (error) {
    storage.close();
    throw error;
  }
  return storage;
}

/** The one composition root: opens the database (and Redis) and builds every shared piece from config. */
export async function createAppContext(
  config: AppConfig,
  deps: ContextDeps,
  log: (error: unknown, where: string) => void,
  /** Operator notices at info level (the dev mailbox's links). */
  notice: (message: string) => void = () => undefined,
): Promise<AppContext> {
  // First, so the database and everything after it are traced and reported.
  const role = deps.role ?? 'server';
  const tracing = config.otel
    ? await startTracing({ ...config.otel, serviceName: config.otel.serviceName ?? `apiplay-${role}` })
    : null;
  const errors = config.sentry
    ? await startErrorReporting({ ...config.sentry, release: 'apiplay@0.1.0', serverName: `apiplay-${role}` })
    : null;
  // Then: a storage setting that does not work stops the boot before anything else is opened.
  const storage = await openBlobStorage(config);
  const database =
    deps.database ??
    (config.databaseUrl === undefined
      ? await openDatabase({ kind: 'pglite', dataDir: pgliteDataDir(config.dataDir) })
      : await openDatabase({ kind: 'postgres', url: config.databaseUrl, poolMax: config.databasePoolMax }));
  if (deps.migrate !== false) {
    await runMigrations(database);
  }
  if (tracing) {
    traceDatabase((database.db as unknown as { $client: unknown }).$client, database.kind);
  }
  const db = database.db;
  let redis: Redis | null = deps.redis ?? null;
  if (deps.redis === undefined && config.redisUrl !== undefined) {
    // Loaded lazily: embedded mode never pays for ioredis' import (≈0.35 s here).
    const { Redis: RedisClient } = await import('ioredis');
    redis = new RedisClient(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
    redis.on('error', () => undefined); // reported by /readyz; ioredis would print every retry otherwise
    await connectRedisAtBoot(redis, config.redisUrl);
  }
  // The request path's own connection: fails fast during an outage instead of queueing (infra/redis-clients.ts).
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
    const local = new LocalBlacklist(db);
    await local.load();
    blacklist = local;
  } else {
    const shared = new SharedBlacklist(db, requestRedis, prefix);
    await shared.sync();
    blacklist = shared;
  }
  const rateLimiter: RateLimiter =
    requestRedis === null ? new MemoryRateLimiter() : new RedisRateLimiter(requestRedis, `${prefix}rl:`);
  // Server mode tells every instance through Redis, or PostgreSQL's LISTEN/NOTIFY without Redis.
  const authChanges: AuthChanges =
    redis !== null
      ? await createRedisAuthChanges(redis, `${prefix}auth-changes`, undefined, requestRedis ?? redis)
      : database.notifications !== undefined
        ? await createPgAuthChanges({
            // A channel name is an identifier (≤ 63 bytes): one per key prefix, like the Redis channel.
            channel: `apiplay_auth_changes_${createHash('sha256').update(prefix).digest('hex').slice(0, 24)}`,
            connection: database.notifications.connection,
            notify: database.notifications.notify,
            log: (error) => log(error, 'auth-change notices'),
          })
        : createLocalAuthChanges();
  // Embedded: this process is the only writer, the caches are exact. Server mode: filled while notices arrive, and
  // a cached entry answers a request once every notice committed before it was authenticated has been applied
  // (a round trip on the notice connection — Redis `PING`, LISTEN/NOTIFY `SELECT 1` — shared by a batch).
  const userCache =
    database.kind === 'pglite' ? new UserCache(true) : new UserCache(authChanges, 10_000, 30_000);
  const verifiedTokens = new VerifiedTokens(database.kind === 'postgres' ? authChanges : null);
  authChanges.subscribe((userId) => {
    if (userId === null) {
      userCache.clear();
      verifiedTokens.clear();
    } else {
      userCache.invalidate(userId);
      verifiedTokens.invalidate(userId);
    }
  });

  const events = redis
    ? await createRedisEventBus(redis, (error) => log(error, 'live events'))
    : createLocalEventBus();
  const secretBox = createSecretBox(secrets.secretsKey);
  // Data older versions stored in clear (collection and folder secrets) is sealed once per database; every boot
  // asks, one transaction behind an advisory lock finds it done.
  await sealStoredSecrets({ db, box: secretBox });
  // Audit events written before the hash chain existed are chained once; installs from before the admin panel get
  // their first registered user as instance admin.
  await sealAuditChain(db);
  await ensureFirstAdmin(db);
  const defaults = settingsDefaults(config);
  const settings = createCachedValue(
    async () => effectiveSettings(defaults, await readStoredSettings(db)),
    database.kind === 'pglite' ? Number.POSITIVE_INFINITY : SETTINGS_TTL_MS,
  );
  // One options object for this thread's policy and the script workers' (they rebuild it from plain data):
  // `bindBuiltinTargets` fills in the listening address before the first worker starts.
  const ssrfOptions: SsrfPolicyOptions = {
    allowPrivate: config.execution.allowPrivate,
    allowedHosts: config.execution.allowedHosts,
    builtinTargets: builtinTargetsFromUrl(config.execution.builtinTargetsUrl),
  };
  const ssrf = createSsrfPolicy(ssrfOptions);
  const transport = createServerTransport({ policy: ssrf, timeoutMs: config.execution.timeoutMs });
  const globals = createGlobalsCache(
    async (workspaceId) => openVariables(secretBox, (await ensureGlobalsRow(db, workspaceId)).variables),
    events,
  );
  const metrics = createAppMetrics();
  const history = createHistoryWriter(db, (error) => log(error, 'history writer'), { metrics });
  // QuickJS and the sandbox libraries load only when a request actually has scripts.
  const createScriptEngine = async () => {
    const { createNodeScriptEngine } = await import('@apiplay/core/node');
    // build.mjs writes the sandbox's libraries to dist/sandbox/ (from source, core bundles them on first use).
    return createNodeScriptEngine({ librariesDir: new URL('./sandbox/', import.meta.url) });
  };
  const scripts = createScriptExecutor({
    workers: config.scripts.workers,
    perUser: config.scripts.perUser,
    rateLimiter,
    transport,
    createScriptEngine,
    workerData: {
      policy: ssrfOptions,
      timeoutMs: config.execution.timeoutMs,
    },
    stallMs: SCRIPT_STALL_MS,
    log: (message) => log(new Error(message), 'script pool'),
  });
  const execution: ExecutionDeps = {
    globals: (workspaceId) => globals.get(workspaceId),
    db,
    box: secretBox,
    events,
    storage,
    historyInlineMax: config.historyBodyInlineMax,
    history,
    scripts,
    metrics,
  };
  const loadChannel: LoadChannel =
    redis === null
      ? createLocalLoadChannel()
      : createRedisLoadChannel(redis, prefix, (error) => log(error, 'load channel'));
  const load: LoadDeps = {
    db,
    box: secretBox,
    events,
    channel: loadChannel,
    transport,
    createScriptEngine,
    runner: `${hostname()}:${process.pid}`,
    startTimeoutMs: LOAD_START_TIMEOUT_MS,
  };
  const jobs = await createJobQueue({
    db,
    events,
    redis,
    log: (error, where) => {
      log(error, where);
      errors?.capture(error, { kind: 'job', where });
    },
    metrics,
  });
  metrics.sources.jobQueue = () => jobs.counts();
  metrics.sources.historyPending = () => history.pending();
  metrics.sources.scriptPool = () => scripts.stats();
  const enqueue: EnqueueJob = (input, opts) => jobs.enqueue(input, opts);
  const mailer =
    config.mail.smtpUrl === undefined
      ? createDevMailbox(db, notice)
      : createSmtpMailer(config.mail.smtpUrl, config.mail.from);
  let working = false;
  let heartbeat: WorkerHeartbeat | null = null;
  return {
    config,
    db,
    database,
    redis,
    requestRedis,
    keyPrefix: prefix,
    accessTokens: new AccessTokens(secrets.jwtSecret),
    blacklist,
    authChanges,
    rateLimiter,
    secrets,
    userCache,
    verifiedTokens,
    memberships: new MembershipCache(database.kind === 'pglite'),
    events,
    settings,
    secretBox,
    ssrf,
    transport,
    bindBuiltinTargets(listen) {
      if (config.execution.builtinTargetsUrl !== undefined) {
        return; // configured: another instance serves them
      }
      const address = builtinAddressOf(listen);
      ssrf.builtin.address = address;
      ssrfOptions.builtinTargets = address;
    },
    storage,
    trees: createTreeCache(
      (treeDb, collectionId) => getCollectionTree({ db: treeDb, collectionId }),
      database.writes,
    ),
    owners: createUnchangedMemo<string | null>(database.writes),
    globals,
    history,
    tracing,
    errors,
    metrics,
    execution,
    load,
    jobs,
    mailer,
    sso: createSsoProviders(config),
    enqueue,
    async startWorker() {
      if (working) {
        return;
      }
      working = true;
      await jobs.startWorker(
        createJobHandlers(
          {
            ...execution,
            events,
            retention: config.retention,
            defaultRetentionDays: config.settingsDefaults.defaultHistoryRetentionDays,
          },
          load,
        ),
      );
      if (jobs.kind === 'bullmq' && redis !== null) {
        // Web servers' /readyz report `queue` failed when no worker renewed this within 30 s.
        heartbeat = startWorkerHeartbeat(redis, heartbeatKey(prefix), (error) =>
          log(error, 'worker heartbeat'),
        );
      }
      await jobs.schedule('history-cleanup', CLEANUP_EVERY_MS);
      if (jobs.kind === 'memory') {
        await failInterruptedLoadRuns(db);
        await resumeInterruptedRuns({ db, enqueue, events });
      }
    },
    async close() {
      heartbeat?.stop();
      globals.close();
      await jobs.close();
      await history.flush().catch(() => undefined);
      await events.close();
      await loadChannel.close();
      await authChanges.close();
      await scripts.close();
      await transport.close();
      storage.close?.();
      mailer.close();
      requestRedis?.disconnect();
      if (redis !== null && deps.redis === undefined) {
        await closeRedis(redis);
      }
      await database.close();
      await tracing?.shutdown().catch(() => undefined);
      await errors?.close().catch(() => undefined);
    },
  };
}
