import { AppError } from '@apiplay/core';
import type { Redis } from 'ioredis';

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window resets (for `Retry-After`). */
  retryAfterSeconds: number;
  remaining: number;
}

/** Fixed-window counters keyed by e.g. `login:ip:1.2.3.4`. */
export interface RateLimiter {
  hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult>;
  /** The current window of `key` without counting: hits so far and seconds until it resets (0 hits when none). */
  peek(key: string): Promise<{ count: number; retryAfterSeconds: number }>;
}

/** Single-process store (embedded mode and tests). */
export class MemoryRateLimiter implements RateLimiter {
  readonly #windows = new Map<string, { count: number; resetAt: number }>();
  #lastSweep = 0;

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    const now = Date.now();
    this.#sweep(now);
    let w = this.#windows.get(key);
    if (w === undefined || w.resetAt <= now) {
      w = { count: 0, resetAt: now + windowMs };
      this.#windows.set(key, w);
    }
    w.count += 1;
    return {
      allowed: w.count <= limit,
      retryAfterSeconds: Math.max(1, Math.ceil((w.resetAt - now) / 1000)),
      remaining: Math.max(0, limit - w.count),
    };
  }

  async peek(key: string): Promise<{ count: number; retryAfterSeconds: number }> {
    const now = Date.now();
    const w = this.#windows.get(key);
    if (w === undefined || w.resetAt <= now) {
      return { count: 0, retryAfterSeconds: 0 };
    }
    return { count: w.count, retryAfterSeconds: Math.max(1, Math.ceil((w.resetAt - now) / 1000)) };
  }

  #sweep(now: number): void {
    if (now - this.#lastSweep < 60_000) {
      return;
    }
    this.#lastSweep = now;
    for (const [k, w] of this.#windows) {
      if (w.resetAt <= now) {
        this.#windows.delete(k);
      }
    }
  }
}

/** Shared store across instances: INCR + PEXPIRE NX in one round-trip. */
export class RedisRateLimiter implements RateLimiter {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix = 'apiplay:rl:') {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    const k = this.#prefix + key;
    let res: [Error | null, unknown][] | null;
    try {
      res = await this.#redis.multi().incr(k).pexpire(k, windowMs, 'NX').pttl(k).exec();
    } catch {
      // The client fails fast during an outage (infra/redis-clients.ts): a clear 503, not a hang or a 500.
      throw new AppError('SERVICE_UNAVAILABLE', 'Redis is unavailable (rate limits); try again shortly');
    }
    const count = Number(res?.[0]?.[1] ?? 0);
    const ttl = Number(res?.[2]?.[1] ?? windowMs);
    return {
      allowed: count <= limit,
      retryAfterSeconds: Math.max(1, Math.ceil((ttl > 0 ? ttl : windowMs) / 1000)),
      remaining: Math.max(0, limit - count),
    };
  }

  async peek(key: string): Promise<{ count: number; retryAfterSeconds: number }> {
    const k = this.#prefix + key;
    const res = await this.#redis.multi().get(k).pttl(k).exec();
    const count = Number(res?.[0]?.[1] ?? 0);
    const ttl = Number(res?.[1]?.[1] ?? 0);
    return { count, retryAfterSeconds: ttl > 0 ? Math.max(1, Math.ceil(ttl / 1000)) : 0 };
  }
}
