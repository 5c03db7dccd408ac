import { AppError } from '@apiplay/core';
import type { RateLimiter } from './rate-limiter';

/** Executions each user may start per minute (direct, async and run starts count alike). */
export const EXECUTIONS_PER_MINUTE = 3000;

/** Per-user execution rate limit (memory or Redis store, shared by every instance in server mode). */
export async function enforceExecutionRate(
  limiter: RateLimiter,
  userId: string,
  limit: number = EXECUTIONS_PER_MINUTE,
): Promise<void> {
  const result = await limiter.hit(`execute:user:${userId}`, limit, 60_000);
  if (!result.allowed) {
    throw new AppError('RATE_LIMITED', 'Too many executions; slow down', {
      retryAfterSeconds: result.retryAfterSeconds,
    });
  }
}
