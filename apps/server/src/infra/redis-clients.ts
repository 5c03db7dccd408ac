import type { Redis, RedisOptions } from 'ioredis';
import { ConfigError } from '../config/env';

/**
 * Options of the Redis client used on the request path (token blacklist, rate limits): a command fails at once
 * while Redis is unreachable (no offline queue) and within 500 ms when Redis hangs, instead of waiting for
 * reconnection attempts — so an outage makes a request fall back (blacklist) or answer 503 (rate limits) within
 * a second. The client keeps reconnecting in the background and everything recovers by itself.
 */
export const REQUEST_PATH_REDIS: RedisOptions = {
  lazyConnect: true,
  enableOfflineQueue: false,
  commandTimeout: 500,
  maxRetriesPerRequest: 0,
  connectTimeout: 2_000,
  retryStrategy: (attempt) => Math.min(50 * attempt, 1_000),
};

/** The URL without its password, for messages. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') {
      parsed.password = '***';
    }
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * Connects a lazily connecting client at boot. An unreachable Redis is a configuration problem: the error names
 * REDIS_URL (main.ts prints it and exits 1), and the client stops retrying.
 */
export async function connectRedisAtBoot(client: Redis, url: string | undefined): Promise<void> {
  if (client.status === 'ready') {
    return;
  }
  try {
    if (client.status === 'wait') {
      await client.connect();
    } else {
      await client.ping();
    }
  } catch (error) {
    client.disconnect();
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError([
      `REDIS_URL: cannot reach Redis at ${url === undefined ? '(given client)' : describeRedisUrl(url)} (${reason})`,
    ]);
  }
}

/**
 * Closes a Redis client without waiting for a reconnect: `quit()` on a client that lost its server is queued until
 * the next reconnect attempt, whose backoff grows during an outage (BullMQ's to 20 s) — a shutdown after an outage
 * would wait that long per client. A client that is not ready is disconnected at once.
 */
export async function closeRedis(client: Redis | null | undefined): Promise<void> {
  if (!client || client.status === 'end') {
    return;
  }
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  await client.quit().catch(() => client.disconnect());
}
