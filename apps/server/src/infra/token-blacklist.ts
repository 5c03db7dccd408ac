import { and, gt, inArray, lt } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../db/client';
import { revokedTokens } from '../db/schema';

/**
 * Access tokens revoked before expiry: one token (its `jti`, at logout) or a whole refresh-token family (its
 * session id, `familyKey(sid)`: logout, refresh re-use, password change, disabled account), so every access token
 * minted in that family stops working at once. Entries only matter until the last such token's own expiry.
 */
export interface TokenBlacklist {
  add(key: string, expSeconds: number): Promise<void>;
  /** True when any of the keys is revoked. */
  has(...keys: string[]): Promise<boolean>;
}

/** The blacklist key of a refresh-token family (a session id): revoking it ends every access token it minted. */
export function familyKey(sessionId: string): string {
  return `family:${sessionId}`;
}

/**
 * Embedded mode: this process is the only writer, so an in-memory set loaded from the database at boot and
 * written through on every add is exact — no database round-trip per request.
 */
export class LocalBlacklist implements TokenBlacklist {
  readonly #db: Db;
  readonly #entries = new Map<string, number>();

  constructor(db: Db) {
    this.#db = db;
  }

  async load(now = Date.now()): Promise<void> {
    await this.#db.delete(revokedTokens).where(lt(revokedTokens.expiresAt, new Date(now)));
    const rows = await this.#db
      .select()
      .from(revokedTokens)
      .where(gt(revokedTokens.expiresAt, new Date(now)));
    for (const r of rows) {
      this.#entries.set(r.jti, r.expiresAt.getTime());
    }
  }

  async add(jti: string, expSeconds: number): Promise<void> {
    const expiresAt = new Date(expSeconds * 1000);
    await this.#db.insert(revokedTokens).values({ jti, expiresAt }).onConflictDoNothing();
    this.#entries.set(jti, expiresAt.getTime());
  }

  async has(...keys: string[]): Promise<boolean> {
    for (const key of keys) {
      const exp = this.#entries.get(key);
      if (exp === undefined) {
        continue;
      }
      if (exp > Date.now()) {
        return true;
      }
      this.#entries.delete(key);
    }
    return false;
  }
}

/**
 * Several instances share PostgreSQL (and maybe Redis): another instance may revoke a token at any time, so
 * negatives are never cached. Positives are (a revoked token never becomes valid again).
 *
 * PostgreSQL holds every entry; Redis is a faster copy. Its answers are trusted only while it is known to hold
 * every live entry: after each (re)connect the live entries are copied from the database first. Until then — and
 * whenever a command fails or times out (the client given here has short timeouts and no offline queue) — the
 * database answers, so a Redis outage slows nothing down and a Redis that came back empty lets nothing through.
 */
export class SharedBlacklist implements TokenBlacklist {
  readonly #db: Db;
  readonly #redis: Redis | null;
  readonly #known = new Map<string, number>();
  readonly #prefix: string;
  readonly #log: ((error: unknown) => void) | undefined;
  #synced = false;
  #retry: NodeJS.Timeout | null = null;

  constructor(db: Db, redis: Redis | null, prefix = 'apiplay:', log?: (error: unknown) => void) {
    this.#db = db;
    this.#redis = redis;
    this.#prefix = `${prefix}bl:`;
    this.#log = log;
    if (redis !== null) {
      redis.on('close', () => {
        this.#synced = false;
      });
      redis.on('ready', () => {
        void this.#sync();
      });
      if (redis.status === 'ready') {
        void this.#sync();
      }
    }
  }

  /** Resolves once Redis holds every live entry (tests, boot); false when it could not be copied. */
  async sync(): Promise<boolean> {
    await this.#sync();
    return this.#synced;
  }

  async #sync(): Promise<void> {
    const redis = this.#redis;
    if (redis === null) {
      return;
    }
    try {
      const now = Date.now();
      const rows = await this.#db
        .select({ jti: revokedTokens.jti, expiresAt: revokedTokens.expiresAt })
        .from(revokedTokens)
        .where(gt(revokedTokens.expiresAt, new Date(now)));
      const batch = redis.pipeline();
      for (const row of rows) {
        batch.set(`${this.#prefix}${row.jti}`, '1', 'PX', Math.max(1, row.expiresAt.getTime() - now));
      }
      const results = rows.length === 0 ? [] : ((await batch.exec()) ?? []);
      if (results.some(([error]) => error !== null)) {
        this.#retrySync();
        return;
      }
      this.#synced = redis.status === 'ready';
    } catch (error) {
      this.#log?.(error);
      this.#retrySync();
    }
  }

  /**
   * A command failed while the connection looked up (a hung Redis times out without closing): stop asking Redis,
   * so requests do not each wait a command timeout, and try to sync again a second later.
   */
  #distrust(error: unknown): void {
    this.#log?.(error);
    this.#synced = false;
    this.#retrySync();
  }

  #retrySync(): void {
    if (this.#retry !== null || this.#redis === null) {
      return;
    }
    this.#retry = setTimeout(() => {
      this.#retry = null;
      // While disconnected, the 'ready' event syncs.
      if (this.#redis?.status === 'ready' && !this.#synced) {
        void this.#sync();
      }
    }, 1_000);
    this.#retry.unref();
  }

  async add(jti: string, expSeconds: number): Promise<void> {
    const expiresAt = new Date(expSeconds * 1000);
    await this.#db.insert(revokedTokens).values({ jti, expiresAt }).onConflictDoNothing();
    this.#known.set(jti, expiresAt.getTime());
    const ttl = expiresAt.getTime() - Date.now();
    if (this.#redis !== null && ttl > 0) {
      try {
        await this.#redis.set(`${this.#prefix}${jti}`, '1', 'PX', ttl);
      } catch (error) {
        // The database has it; this instance reads the database until Redis has been re-synced.
        this.#distrust(error);
      }
    }
  }

  async has(...keys: string[]): Promise<boolean> {
    for (const key of keys) {
      const exp = this.#known.get(key);
      if (exp === undefined) {
        continue;
      }
      if (exp > Date.now()) {
        return true;
      }
      this.#known.delete(key);
    }
    if (this.#redis !== null && this.#synced) {
      try {
        return (await this.#redis.exists(...keys.map((k) => `${this.#prefix}${k}`))) > 0;
      } catch (error) {
        this.#distrust(error);
      }
    }
    const rows = await this.#db
      .select({ jti: revokedTokens.jti, expiresAt: revokedTokens.expiresAt })
      .from(revokedTokens)
      .where(and(inArray(revokedTokens.jti, keys), gt(revokedTokens.expiresAt, new Date())));
    for (const row of rows) {
      this.#known.set(row.jti, row.expiresAt.getTime());
    }
    return rows.length > 0;
  }
}
