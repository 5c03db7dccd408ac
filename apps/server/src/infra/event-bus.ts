import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { TLiveEvent } from '@apiplay/core';
import type { Redis } from 'ioredis';
import { closeRedis } from './redis-clients';

export type LiveEventInput = Omit<TLiveEvent, 'id' | 'at'>;
export type LiveEventListener = (event: TLiveEvent) => void;

/** Fan-out of live events: in-process (embedded) or Redis pub/sub so every instance sees every event. */
export interface EventBus {
  /** Fire and forget: a lost event must never fail the write that caused it. */
  publish(event: LiveEventInput): void;
  subscribe(listener: LiveEventListener): () => void;
  close(): Promise<void>;
}

function stamp(event: LiveEventInput): TLiveEvent {
  return { ...event, id: randomUUID(), at: new Date().toISOString() };
}

/** Single-process bus (embedded mode, tests). */
export function createLocalEventBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(event) {
      emitter.emit('event', stamp(event));
    },
    subscribe(listener) {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

export const EVENTS_CHANNEL = 'apiplay:events';

/**
 * Redis pub/sub bus. Publishing uses the shared client; a duplicate connection subscribes (a subscribed
 * connection cannot run other commands). Local listeners only hear events back from Redis, so every
 * instance — this one included — sees the same stream in the same order.
 */
export async function createRedisEventBus(redis: Redis, log?: (error: unknown) => void): Promise<EventBus> {
  const sub = redis.duplicate();
  // Reconnection errors during an outage are reported by /readyz, not printed once per retry by ioredis.
  sub.on('error', () => undefined);
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  sub.on('message', (_channel: string, message: string) => {
    try {
      emitter.emit('event', JSON.parse(message) as TLiveEvent);
    } catch (error) {
      log?.(error);
    }
  });
  await sub.subscribe(EVENTS_CHANNEL);
  return {
    publish(event) {
      redis.publish(EVENTS_CHANNEL, JSON.stringify(stamp(event))).catch((error: unknown) => log?.(error));
    },
    subscribe(listener) {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
    async close() {
      emitter.removeAllListeners();
      await closeRedis(sub);
    },
  };
}
