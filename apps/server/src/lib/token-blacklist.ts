import { eq, gt, lt } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../db/client';
import { revokedTokens } from '../db/schema';

/** Access-token ids revoked before expiry (logout). Entries only matter until the token's own expiry. */
export interface TokenBlacklist {
  add(jti: string, expSeconds: number): Promise<void>;
  has(jti: string): Promise<boolean>;
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

  async has(jti: string): Promise<boolean> {
    const exp = this.#entries.get(jti);
    if (exp === undefined) {
      return false;
    }
    if (exp <= Date.now()) {
      this.#entries.delete(jti);
      return false;
    }
    return true;
  }
}

/**
 * Several instances share PostgreSQL (and maybe Redis): another instance may revoke a token at any time, so
 * negatives are never cached. Positives are (a revoked token never becomes valid again).
 */
export class SharedBlacklist implements TokenBlacklist {
  readonly #db: Db;
  readonly #redis: Redis | null;
  readonly #known = new Map<string, number>();
  readonly #prefix: string;

  constructor(db: Db, redis: Redis | null, prefix = 'apiplay:') {
    this.#db = db;
    this.#redis = redis;
    this.#prefix = `${prefix}bl:`;
  }

  async add(jti: string, expSeconds: number): Promise<void> {
    const expiresAt = new Date(expSeconds * 1000);
    await this.#db.insert(revokedTokens).values({ jti, expiresAt }).onConflictDoNothing();
    const ttl = expiresAt.getTime() - Date.now();
    if (this.#redis !== null && ttl > 0) {
      await this.#redis.set(`${this.#prefix}${jti}`, '1', 'PX', ttl);
    }
    this.#known.set(jti, expiresAt.getTime());
  }

  async has(jti: string): Promise<boolean> {
    const exp = this.#known.get(jti);
    if (exp !== undefined) {
      if (exp > Date.now()) {
        return true;
      }
      this.#known.delete(jti);
    }
    if (this.#redis !== null) {
      return (await this.#redis.exists(`${this.#prefix}${jti}`)) === 1;
    }
    const rows = await this.#db
      .select({ jti: revokedTokens.jti, expiresAt: revokedTokens.expiresAt })
      .from(revokedTokens)
      .where(eq(revokedTokens.jti, jti))
      .limit(1);
    const row = rows[0];
    if (row === undefined || row.expiresAt.getTime() <= Date.now()) {
      return false;
    }
    this.#known.set(jti, row.expiresAt.getTime());
    return true;
  }
}
