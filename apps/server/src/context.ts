import type { Redis } from 'ioredis';
import type { AppConfig } from './config/env';
import type { Database, Db } from './db/client';
import type { AccessTokens } from './lib/access-tokens';
import type { AuthChanges } from './lib/auth-changes';
import type { InstanceSecrets } from './lib/instance-secrets';
import type { MembershipCache } from './lib/membership-cache';
import type { RateLimiter } from './lib/rate-limiter';
import type { TokenBlacklist } from './lib/token-blacklist';
import type { UserCache } from './lib/user-cache';

/**
 * What services need, built once by buildApp and available as `app.ctx`. Services take it (or parts of it) in
 * their options object and never see Fastify types.
 */
export interface AppContext {
  config: AppConfig;
  db: Db;
  database: Database;
  /** Null in embedded mode / without REDIS_URL. */
  redis: Redis | null;
  /** The request path's Redis connection (short timeouts, no offline queue); null without Redis. */
  requestRedis: Redis | null;
  accessTokens: AccessTokens;
  blacklist: TokenBlacklist;
  /** Notices that a user's credentials or memberships changed (re-checks open `/ws` streams on every instance). */
  authChanges: AuthChanges;
  rateLimiter: RateLimiter;
  secrets: InstanceSecrets;
  /** Exact user-row cache in embedded mode, pass-through otherwise. Invalidate after writing a user row. */
  userCache: UserCache;
  /** Exact workspace-role cache in embedded mode, pass-through otherwise. Invalidate after changing memberships. */
  memberships: MembershipCache;
}
