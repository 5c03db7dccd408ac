import { AppError } from '@apiplay/core';
import type { RateLimiter } from '../../infra/rate-limiter';

/** Counts one attempt against `key`; over the limit → RATE_LIMITED (429, `Retry-After`). */
export async function enforceRateLimit(opts: {
  limiter: RateLimiter;
  key: string;
  limit: number;
  windowMs: number;
}): Promise<void> {
  const r = await opts.limiter.hit(opts.key, opts.limit, opts.windowMs);
  if (!r.allowed) {
    throw new AppError('RATE_LIMITED', 'Too many attempts; try again later', {
      retryAfterSeconds: r.retryAfterSeconds,
    });
  }
}
