import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';

/**
 * A user whose credentials or memberships changed; `null` means "anyone" (this instance may have missed notices,
 * e.g. while Redis was away, so every open stream is checked again).
 */
export type AuthChangeListener = (userId: string | null) => void;

/**
 * Notices that a user's credentials or memberships changed (logout, family revoked, password changed, API key
 * revoked, account disabled, membership removed), so that every instance re-checks that user's open `/ws`
 * streams at once instead of at the next heartbeat. Published after the change is committed.
 */
export interface AuthChanges {
  /** Fire and forget: a notice that cannot be sent never fails the change itself. */
  publish(userId: string): void;
  subscribe(listener: AuthChangeListener): () => void;
  close(): Promise<void>;
}

/** Single-process notices (embedded mode). */
export function createLocalAuthChanges(): AuthChanges {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(userId) {
      emitter.emit('change', userId);
    },
    subscribe(listener) {
      emitter.on('change', listener);
      return () => emitter.off('change', listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

/**
 * Redis pub/sub notices, so a revocation on one instance closes streams on every instance. A notice that cannot
 * be published is still applied locally; when the subscriber connection comes back after an outage, every
 * stream is checked again (notices sent meanwhile are lost with pub/sub).
 */
export async function createRedisAuthChanges(
  redis: Redis,
  channel: string,
  log?: (error: unknown) => void,
): Promise<AuthChanges> {
  const sub = redis.duplicate();
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  sub.on('message', (_channel: string, message: string) => {
    emitter.emit('change', message);
  });
  // ioredis logs unhandled 'error' events to the console; the outage itself is reported by /readyz.
  sub.on('error', () => undefined);
  let wasReady = false;
  sub.on('ready', () => {
    if (wasReady) {
      emitter.emit('change', null);
    }
    wasReady = true;
  });
  await sub.subscribe(channel);
  return {
    publish(userId) {
      redis.publish(channel, userId).catch((error: unknown) => {
        log?.(error);
        emitter.emit('change', userId);
      });
    },
    subscribe(listener) {
      emitter.on('change', listener);
      return () => emitter.off('change', listener);
    },
    async close() {
      emitter.removeAllListeners();
      await sub.quit().catch(() => undefined);
    },
  };
}
