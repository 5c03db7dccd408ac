import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { ALWAYS_FRESH, type BarrierLimits, type NoticeFreshness, RoundTripBarrier } from './notice-barrier';
import { closeRedis } from './redis-clients';

/**
 * Freshness barriers on the notice connections: a request waits at most 100 ms for one (then reads the source of
 * truth, as do the requests after it until the round trip is back); a connection that has not answered within 2 s
 * is replaced. Normally a round trip takes well under a millisecond.
 */
export const BARRIER_LIMITS: BarrierLimits = { patienceMs: 100, deadMs: 2_000 };

/**
 * A user whose credentials or memberships changed; `null` means "anyone" (this instance may have missed notices,
 * e.g. while Redis was away, so every open stream is checked again).
 */
export type AuthChangeListener = (userId: string | null) => void;

/**
 * Notices that a user's credentials or memberships changed (logout, family revoked, password changed, API key
 * revoked, account disabled, membership removed), so that every instance re-checks that user's open `/ws`
 * streams at once instead of at the next heartbeat, and drops that user's cached auth state. Published after the
 * change is committed. As a `NoticeFreshness`, it tells the auth caches when every notice committed before a
 * request was authenticated has been applied here.
 */
export interface AuthChanges extends NoticeFreshness {
  /**
   * Resolves once the notice was handed to every instance's channel (Redis PUBLISH / PostgreSQL NOTIFY answered),
   * so a revocation can answer its caller only after every instance has been told. Never rejects: a notice that
   * cannot be sent never fails the change itself (the instances that missed it stop trusting their caches).
   */
  publish(userId: string): Promise<void>;
  /**
   * True while this instance is sure to receive every notice (its subscription is up). Caches of auth state
   * (user rows, verified tokens) are only read and filled while this holds; a gap clears them (`null` notice).
   */
  live(): boolean;
  subscribe(listener: AuthChangeListener): () => void;
  close(): Promise<void>;
}

/** Single-process notices (embedded mode). */
export function createLocalAuthChanges(): AuthChanges {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    ...ALWAYS_FRESH,
    async publish(userId) {
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
  /** Publishes with this client: the request path's, which fails at once during an outage instead of queueing. */
  publisher: Redis = redis,
): Promise<AuthChanges> {
  // Subscribed by hand after every (re)connect, so `live` turns true only once Redis confirmed the subscription.
  const sub = redis.duplicate({ autoResubscribe: false });
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  sub.on('message', (_channel: string, message: string) => {
    emitter.emit('change', message);
  });
  // ioredis logs unhandled 'error' events to the console; the outage itself is reported by /readyz.
  sub.on('error', () => undefined);
  let live = false;
  let closing = false;
  // Freshness: PUBLISH appends the notice to every subscriber connection's output before it answers, and Redis
  // answers one connection's commands in order, so the reply to a PING sent on the subscriber connection after a
  // request arrived comes after every notice published before that, and ioredis emits 'message' in socket order.
  // (One event-loop turn was not enough: the notice can reach this process after the publisher's reply.)
  const barrier = new RoundTripBarrier(
    () => (live ? sub.ping() : Promise.reject(new Error('not subscribed'))),
    BARRIER_LIMITS,
    (error) => {
      if (live) {
        log?.(error);
        sub.disconnect(true); // a subscriber that cannot answer PING: reconnect and resubscribe ('close' clears)
      }
    },
  );
  // Notices sent while the connection is down are lost: stop trusting cached auth state until it is back, and
  // check every stream again once it is.
  sub.on('close', () => {
    barrier.fail();
    if (live) {
      live = false;
      emitter.emit('change', null);
    }
  });
  sub.on('ready', () => {
    if (closing || live) {
      return;
    }
    sub.subscribe(channel).then(
      () => {
        live = sub.status === 'ready';
        emitter.emit('change', null);
      },
      () => undefined, // the connection dropped again; the next 'ready' retries
    );
  });
  await sub.subscribe(channel);
  live = true;
  return {
    ticket: () => barrier.ticket(),
    settled: (ticket) => live && barrier.passed(ticket),
    settle: async (ticket) => live && (await barrier.wait(ticket)) && live,
    async publish(userId) {
      await publisher.publish(channel, userId).catch((error: unknown) => {
        log?.(error);
        emitter.emit('change', userId);
      });
    },
    live: () => live,
    subscribe(listener) {
      emitter.on('change', listener);
      return () => emitter.off('change', listener);
    },
    async close() {
      closing = true;
      live = false;
      barrier.fail();
      emitter.removeAllListeners();
      await closeRedis(sub);
    },
  };
}
