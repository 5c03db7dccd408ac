import { hostname } from 'node:os';
import type { Redis } from 'ioredis';

/** A worker counts as alive while its last heartbeat is younger than this (readiness' `queue` check). */
export const HEARTBEAT_TTL_MS = 30_000;
/** How often a worker renews the heartbeat. */
export const HEARTBEAT_EVERY_MS = 5_000;

/** The Redis key every BullMQ worker process of one deployment renews (`SET … PX ttl`). */
export function heartbeatKey(prefix: string): string {
  return `${prefix}worker-heartbeat`;
}

export interface WorkerHeartbeat {
  /** Stops renewing; the key then expires on its own (other workers may still be renewing it). */
  stop(): void;
}

/**
 * Renews `key` every `everyMs` with a time-to-live of `ttlMs`. The expiry is Redis' own clock, so hosts with skewed
 * clocks agree on "within 30 s". The value names the last writer (host:pid), for whoever inspects it.
 */
export function startWorkerHeartbeat(
  redis: Redis,
  key: string,
  log: (error: unknown) => void,
  opts: { everyMs?: number; ttlMs?: number } = {},
): WorkerHeartbeat {
  const ttl = opts.ttlMs ?? HEARTBEAT_TTL_MS;
  const who = `${hostname()}:${process.pid}`;
  const beat = () => {
    redis.set(key, `${who} ${new Date().toISOString()}`, 'PX', ttl).catch(log);
  };
  beat();
  const timer = setInterval(beat, opts.everyMs ?? HEARTBEAT_EVERY_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
    },
  };
}

/** True when some worker renewed the heartbeat within its time-to-live. */
export async function workerAlive(redis: Redis, key: string): Promise<boolean> {
  return (await redis.exists(key)) === 1;
}
