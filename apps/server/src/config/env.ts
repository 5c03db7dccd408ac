import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0),
);

/** Parses sizes such as `1048576`, `512kb`, `10mb`, `20MB`. */
const byteSize = z.string().transform((v, ctx) => {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(v.trim());
  if (!m?.[1]) {
    ctx.addIssue({ code: 'custom', message: `expected a size like 1048576, 512kb or 10mb, got "${v}"` });
    return z.NEVER;
  }
  const unit = (m[2] ?? 'b').toLowerCase();
  const mult = unit === 'gb' ? 1024 ** 3 : unit === 'mb' ? 1024 ** 2 : unit === 'kb' ? 1024 : 1;
  return Math.floor(Number(m[1]) * mult);
});

function isCidr(v: string): boolean {
  try {
    ipaddr.parseCIDR(v);
    return true;
  } catch {
    return false;
  }
}

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL with protocol ${protocols.join(' or ')}` },
  );

/**
 * Every environment variable the server reads. `.env.example` at the repository root documents each one.
 * Only this file reads `process.env`; everything else receives a typed `AppConfig`.
 */
const ZEnv = z.object({
  /** `development`, `production` or `test`; production turns on stricter defaults (no pretty logs). */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** TCP port the HTTP server listens on. */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /**
   * Interface to bind. Default: 127.0.0.1 in embedded mode (it lets requests reach private and loopback targets, so
   * it must not be reachable from the network unless asked) and 0.0.0.0 in server mode (DATABASE_URL set).
   */
  HOST: z.string().min(1).optional(),
  /** Where embedded data (PGlite database, generated secrets, stored files) lives. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** PostgreSQL URL; when unset the server runs embedded PGlite under DATA_DIR. */
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  /** Max connections in the PostgreSQL pool (server mode). */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** Redis URL; when set, rate limits, token blacklist, jobs and live events go through Redis. */
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  /** HMAC secret for access tokens (≥ 32 chars). Required with DATABASE_URL; generated into DATA_DIR otherwise. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Key for secrets at rest (AES-256-GCM): 32 bytes as 64 hex chars or base64. Generated into DATA_DIR if unset in embedded mode. */
  SECRETS_KEY: z
    .string()
    .refine((v) => /^[0-9a-fA-F]{64}$/.test(v) || Buffer.from(v, 'base64').length === 32, {
      message: 'must be 32 bytes: 64 hex characters or base64',
    })
    .optional(),
  /** Comma-separated origins allowed by CORS (e.g. http://localhost:5173). Empty: same-origin only. */
  CORS_ORIGINS: csv.default([]),
  /** Largest accepted request body (e.g. 1mb). Bigger bodies get 413. */
  BODY_LIMIT: byteSize.default(1024 * 1024),
  /** Largest import upload (collections, OpenAPI files). */
  IMPORT_MAX_BYTES: byteSize.default(20 * 1024 * 1024),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Allow executing requests against private/loopback addresses. Default: true embedded, false with DATABASE_URL. */
  EXECUTION_ALLOW_PRIVATE: bool.optional(),
  /** Comma-separated hosts/CIDRs that execution may reach even when private addresses are denied. */
  EXECUTION_ALLOWED_HOSTS: csv.default([]),
  /**
   * Where executions reach the built-in targets (`http://apiplay.internal`, the sample collection): an app instance
   * reachable from this process, e.g. http://app1:8080. Default: this server's own socket once it listens; a
   * worker-only process (no HTTP) needs it for runs of the sample.
   */
  BUILTIN_TARGETS_URL: url(['http:']).optional(),
  /** Per-request execution timeout upper bound in ms. */
  EXECUTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /**
   * Worker threads that run executions with scripts (QuickJS), off the event loop. Default: the number of cores.
   * 0 runs scripts on the main thread (the old path; a looping script then stalls every request until its limit).
   */
  SCRIPT_WORKERS: z.coerce.number().int().min(0).max(256).optional(),
  /** Executions with scripts one user may have running at once: a direct Send beyond it gets 429, jobs wait. */
  SCRIPT_CONCURRENCY_PER_USER: z.coerce.number().int().min(1).max(1000).default(2),
  /**
   * Most virtual users the load runs of one workspace may have at once (all its running load runs together), so
   * load mode on a shared server cannot be turned into a weapon. A run asking for more is refused (400).
   */
  LOAD_MAX_VUS: z.coerce.number().int().min(1).max(100_000).default(500),
  /** Most iterations per second (`rate`) the load runs of one workspace may start, all together. */
  LOAD_MAX_RATE: z.coerce.number().int().min(1).max(1_000_000).default(2000),
  /** Longest load run, in seconds (stages included). */
  LOAD_MAX_DURATION_SECONDS: z.coerce.number().int().min(1).max(86_400).default(1800),
  /**
   * Workers one load run's VUs are split across (server mode with REDIS_URL): each runs one part and sends partial
   * HDR histograms every second. Set it to the number of `apiplay worker` processes; embedded mode always uses 1.
   */
  LOAD_PARTS: z.coerce.number().int().min(1).max(64).default(1),
  /** Response bodies larger than this are kept in file storage instead of the database. */
  HISTORY_BODY_INLINE_MAX: byteSize.default(1024 * 1024),
  /**
   * Days the scheduled cleanup keeps a revoked session, or one unused past its refresh token's 7-day lifetime,
   * before deleting it and its refresh tokens (a spent token shown again within this window still ends its family).
   */
  SESSION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Days finished background jobs (`GET /api/jobs/:id`) are kept. */
  JOB_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  /** Days finished collection runs (with their per-request results) are kept. */
  RUN_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Login/register attempts allowed per client IP per minute. */
  AUTH_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(30),
  /** Failed logins allowed per (account, IP) per 15 minutes; 10× this per account from all addresses. */
  AUTH_RATE_LIMIT_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  /**
   * Trust X-Forwarded-* headers (client address, `X-Forwarded-Proto: https` → HSTS): `true` behind nginx when only
   * the proxy can reach the server, or a comma-separated list of the proxies' addresses/CIDRs (e.g. 10.0.0.0/8).
   */
  TRUST_PROXY: z
    .string()
    .transform((v, ctx): boolean | string[] => {
      const word = v.trim().toLowerCase();
      if (['true', '1', 'yes'].includes(word)) {
        return true;
      }
      if (['false', '0', 'no'].includes(word)) {
        return false;
      }
      const list = v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      const bad = list.filter((s) => !(ipaddr.isValid(s) || isCidr(s)));
      if (bad.length > 0 || list.length === 0) {
        ctx.addIssue({
          code: 'custom',
          message: `expected true, false or proxy addresses/CIDRs, got "${bad.join(', ') || v}"`,
        });
        return z.NEVER;
      }
      return list;
    })
    .default(false),
  /**
   * Bearer token that `/metrics` requires (≥ 16 chars). In server mode (DATABASE_URL) `/metrics` is off (404)
   * without it; in embedded mode it is open unless this is set.
   */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * A worker process (`npm run worker`) serves its own `/metrics` (jobs, runs, executions, script pool) on this port,
   * with the METRICS_TOKEN bearer (without METRICS_TOKEN it stays off, with a warning). Unset: no worker metrics.
   */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /**
   * OpenTelemetry traces (HTTP, database, executions, jobs) to this OTLP/HTTP collector base URL (e.g.
   * http://otel-collector:4318; spans go to `<url>/v1/traces` as JSON). Unset: no tracing, nothing loaded.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: url(['http:', 'https:']).optional(),
  /** Headers for the collector, `key=value` pairs separated by commas (e.g. an API key). */
  OTEL_EXPORTER_OTLP_HEADERS: z
    .string()
    .transform((v, ctx) => {
      const out: Record<string, string> = {};
      for (const pair of v.split(',').filter((p) => p.trim() !== '')) {
        const at = pair.indexOf('=');
        if (at <= 0) {
          ctx.addIssue({ code: 'custom', message: 'expected key=value pairs separated by commas' });
          return z.NEVER;
        }
        out[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
      }
      return out;
    })
    .optional(),
  /** The `service.name` of this process's spans (default apiplay-server, or apiplay-worker for a worker). */
  OTEL_SERVICE_NAME: z.string().min(1).max(200).optional(),
  /** Report unexpected errors (500s, failed jobs, crashes) to Sentry or a compatible service, credentials scrubbed. */
  SENTRY_DSN: url(['http:', 'https:']).optional(),
  /** Sentry's `environment` of the reports (default: NODE_ENV). */
  SENTRY_ENVIRONMENT: z.string().min(1).max(100).optional(),
  /**
   * Comma-separated emails of instance administrators (besides the first registered user). They are admins from
   * their next sign-in on and cannot be demoted in the admin panel.
   */
  ADMIN_EMAILS: csv.transform((list) => list.map((e) => e.toLowerCase())).default([]),
  /** Default sign-up policy until an admin sets one: `open`, `invite-only` or `domains` (see SIGNUP_ALLOWED_DOMAINS). */
  SIGNUP_POLICY: z.enum(['open', 'invite-only', 'domains']).default('open'),
  /** Default comma-separated email domains allowed to sign up with SIGNUP_POLICY=domains. */
  SIGNUP_ALLOWED_DOMAINS: csv.transform((list) => list.map((d) => d.toLowerCase())).default([]),
  /** Default history retention in days for workspaces that set none. */
  HISTORY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Optional modules off by default, comma-separated: import, export, codegen, runs. */
  DISABLED_FEATURES: csv
    .pipe(
      z.array(
        z.enum(['import', 'export', 'codegen', 'runs'], {
          message: 'expected import, export, codegen or runs',
        }),
      ),
    )
    .default([]),
  /** Run the in-process job worker inside the web server (embedded mode always does). */
  RUN_WORKER_IN_PROCESS: bool.optional(),
  /** Directory of the built web UI served at `/`. */
  WEB_DIST_DIR: z.string().optional(),
  /**
   * The address users reach this server at (e.g. https://apiplay.example.com), used in emailed links and as the
   * sign-in providers' redirect URI. Default: http://localhost:PORT.
   */
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  /** Password sign-in and sign-up (off leaves only single sign-on): the default of the admin panel's setting. */
  PASSWORD_SIGNIN_ENABLED: bool.default(true),
  /** OpenID Connect issuer for single sign-on (discovery at `<issuer>/.well-known/openid-configuration`). */
  OIDC_ISSUER_URL: url(['http:', 'https:']).optional(),
  /** The client registered at the issuer; its redirect URI is `PUBLIC_URL/api/auth/sso/oidc/callback`. */
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The sign-in button reads "Sign in with <OIDC_DISPLAY_NAME>". */
  OIDC_DISPLAY_NAME: z.string().min(1).max(60).default('SSO'),
  /** Comma-separated email domains allowed to sign in with OIDC (empty: any verified email). */
  OIDC_ALLOWED_DOMAINS: csv.default([]),
  /** GitHub OAuth app for "Sign in with GitHub"; callback `PUBLIC_URL/api/auth/sso/github/callback`. */
  GITHUB_CLIENT_ID: z.string().min(1).optional(),
  GITHUB_CLIENT_SECRET: z.string().min(1).optional(),
  /** GitHub Enterprise Server base URL (default https://github.com; its API is `<base>/api/v3`). */
  GITHUB_BASE_URL: url(['http:', 'https:']).optional(),
  /**
   * SMTP server for outgoing mail, e.g. smtps://user:pass@smtp.example.com:465 or smtp://relay:25. Unset: the dev
   * mailbox keeps every message in the database (instance admins read it in the admin panel) and logs its links.
   */
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  /** The From address of outgoing mail. */
  MAIL_FROM: z.string().min(3).max(200).default('API Playground <no-reply@localhost>'),
  /** Accepting an invitation needs a verified email address (a link sent at sign-up or from the profile). */
  REQUIRE_EMAIL_VERIFICATION: bool.default(false),
  /**
   * S3-compatible bucket for stored files, history bodies over HISTORY_BODY_INLINE_MAX and async exports (instead
   * of DATA_DIR/blobs). Set S3_BUCKET and both keys together; checked at boot (write/read/delete a probe object).
   */
  S3_BUCKET: z.string().min(3).max(63).optional(),
  /** The S3 API's URL (MinIO, Ceph, Garage, …); unset means AWS S3 in S3_REGION. */
  S3_ENDPOINT: url(['http:', 'https:']).optional(),
  /** The bucket's region (default us-east-1, which most self-hosted servers accept). */
  S3_REGION: z.string().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** `endpoint/bucket/key` addressing; default true with S3_ENDPOINT (self-hosted servers), false for AWS. */
  S3_FORCE_PATH_STYLE: bool.optional(),
  /** Largest file one may store with a saved request (multipart/binary bodies), per file. */
  FILE_MAX_BYTES: byteSize.default(10 * 1024 * 1024),
});

/** Names of every variable the server reads (the `.env.example` test checks each is documented). */
export const configVariables: readonly string[] = Object.keys(ZEnv.shape);

/** Validated, typed server configuration. */
export type AppConfig = ReturnType<typeof toConfig>;

function toConfig(e: z.output<typeof ZEnv>) {
  const dataDir = isAbsolute(e.DATA_DIR) ? e.DATA_DIR : resolve(process.cwd(), e.DATA_DIR);
  const embedded = e.DATABASE_URL === undefined;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST ?? (embedded ? '127.0.0.1' : '0.0.0.0'),
    dataDir,
    /** True when running on PGlite (no DATABASE_URL): single process, in-memory stores are authoritative. */
    embedded,
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    redisUrl: e.REDIS_URL,
    jwtSecret: e.JWT_SECRET,
    secretsKey: e.SECRETS_KEY,
    corsOrigins: e.CORS_ORIGINS,
    bodyLimit: e.BODY_LIMIT,
    importMaxBytes: e.IMPORT_MAX_BYTES,
    logLevel: e.LOG_LEVEL,
    execution: {
      allowPrivate: e.EXECUTION_ALLOW_PRIVATE ?? embedded,
      allowedHosts: e.EXECUTION_ALLOWED_HOSTS,
      timeoutMs: e.EXECUTION_TIMEOUT_MS,
      builtinTargetsUrl: e.BUILTIN_TARGETS_URL,
    },
    scripts: {
      workers: e.SCRIPT_WORKERS ?? availableParallelism(),
      perUser: e.SCRIPT_CONCURRENCY_PER_USER,
    },
    historyBodyInlineMax: e.HISTORY_BODY_INLINE_MAX,
    retention: {
      sessionDays: e.SESSION_RETENTION_DAYS,
      jobDays: e.JOB_RETENTION_DAYS,
      runDays: e.RUN_RETENTION_DAYS,
    },
    load: {
      maxVus: e.LOAD_MAX_VUS,
      maxRate: e.LOAD_MAX_RATE,
      maxDurationMs: e.LOAD_MAX_DURATION_SECONDS * 1000,
      parts: embedded || e.REDIS_URL === undefined ? 1 : e.LOAD_PARTS,
    },
    authRateLimit: { perIp: e.AUTH_RATE_LIMIT_PER_IP, perAccount: e.AUTH_RATE_LIMIT_PER_ACCOUNT },
    trustProxy: e.TRUST_PROXY,
    adminEmails: e.ADMIN_EMAILS,
    /** Environment defaults of the instance settings (services/settings: the database overrides each). */
    settingsDefaults: {
      signupPolicy: e.SIGNUP_POLICY,
      allowedEmailDomains: e.SIGNUP_ALLOWED_DOMAINS,
      passwordSignIn: e.PASSWORD_SIGNIN_ENABLED,
      defaultHistoryRetentionDays: e.HISTORY_RETENTION_DAYS,
      disabledFeatures: e.DISABLED_FEATURES,
    },
    metricsToken: e.METRICS_TOKEN,
    workerMetricsPort: e.WORKER_METRICS_PORT,
    otel:
      e.OTEL_EXPORTER_OTLP_ENDPOINT === undefined
        ? undefined
        : {
            endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
            headers: e.OTEL_EXPORTER_OTLP_HEADERS ?? {},
            serviceName: e.OTEL_SERVICE_NAME,
          },
    sentry:
      e.SENTRY_DSN === undefined
        ? undefined
        : { dsn: e.SENTRY_DSN, environment: e.SENTRY_ENVIRONMENT ?? e.NODE_ENV },
    runWorkerInProcess: e.RUN_WORKER_IN_PROCESS ?? (embedded || e.REDIS_URL === undefined),
    webDistDir: e.WEB_DIST_DIR,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    oidc:
      e.OIDC_ISSUER_URL === undefined || e.OIDC_CLIENT_ID === undefined
        ? undefined
        : {
            issuerUrl: e.OIDC_ISSUER_URL,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            displayName: e.OIDC_DISPLAY_NAME,
            allowedDomains: e.OIDC_ALLOWED_DOMAINS.map((d) => d.toLowerCase().replace(/^@/, '')),
          },
    github:
      e.GITHUB_CLIENT_ID === undefined || e.GITHUB_CLIENT_SECRET === undefined
        ? undefined
        : {
            clientId: e.GITHUB_CLIENT_ID,
            clientSecret: e.GITHUB_CLIENT_SECRET,
            baseUrl: (e.GITHUB_BASE_URL ?? 'https://github.com').replace(/\/+$/, ''),
          },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    requireEmailVerification: e.REQUIRE_EMAIL_VERIFICATION,
    s3:
      e.S3_BUCKET === undefined
        ? undefined
        : {
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION ?? 'us-east-1',
            bucket: e.S3_BUCKET,
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.S3_FORCE_PATH_STYLE ?? e.S3_ENDPOINT !== undefined,
          },
    fileMaxBytes: e.FILE_MAX_BYTES,
  };
}

/** Thrown by `loadConfig` with one line per problem. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Validates the environment once. Empty strings count as unset (a blank line in .env must not override a default).
 * Throws `ConfigError` listing every problem; `main.ts` prints it and exits 1.
 */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(ZEnv.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') {
      cleaned[key] = value;
    }
  }
  const parsed = ZEnv.safeParse(cleaned);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.') || '(env)'}: ${issue.message}`);
    }
  } else {
    const e = parsed.data;
    if (e.DATABASE_URL !== undefined && e.JWT_SECRET === undefined) {
      problems.push('JWT_SECRET: required when DATABASE_URL is set (instances must share it)');
    }
    if (e.DATABASE_URL !== undefined && e.SECRETS_KEY === undefined) {
      problems.push('SECRETS_KEY: required when DATABASE_URL is set (instances must share it)');
    }
    if ((e.OIDC_ISSUER_URL === undefined) !== (e.OIDC_CLIENT_ID === undefined)) {
      problems.push('OIDC_*: OIDC_ISSUER_URL and OIDC_CLIENT_ID must be set together');
    }
    if ((e.GITHUB_CLIENT_ID === undefined) !== (e.GITHUB_CLIENT_SECRET === undefined)) {
      problems.push('GITHUB_*: GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET must be set together');
    }
    const s3Set = [e.S3_BUCKET, e.S3_ACCESS_KEY_ID, e.S3_SECRET_ACCESS_KEY].filter(
      (v) => v !== undefined,
    ).length;
    if (s3Set > 0 && s3Set < 3) {
      problems.push('S3_*: S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together');
    }
    if (s3Set === 0 && (e.S3_ENDPOINT !== undefined || e.S3_REGION !== undefined)) {
      problems.push('S3_BUCKET: required when S3_ENDPOINT or S3_REGION is set');
    }
  }
  if (problems.length > 0 || !parsed.success) {
    throw new ConfigError(problems);
  }
  return toConfig(parsed.data);
}

/** Reads the real process environment; the one place `process.env` is touched. */
export function loadConfigFromProcess(): AppConfig {
  return loadConfig(process.env);
}
