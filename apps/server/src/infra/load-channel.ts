import { EventEmitter } from 'node:events';
import type { LoadPartial } from '@apiplay/core/load';
import type { Redis } from 'ioredis';
import { closeRedis } from './redis-clients';

/** One part's second of measurements (core's `LoadPartial`, built by `createPartialEncoder`). */
export type { LoadPartial };

export type LoadPartialListener = (partial: LoadPartial) => void;

/**
 * Per-second partials from a load run's parts to the part that merges them: in-process in embedded mode, Redis
 * pub/sub across worker processes. Lossy by design (pub/sub): a lost second leaves a gap in the live view only;
 * the saved totals come from each part's final histograms in the database.
 */
export interface LoadChannel {
  publish(loadRunId: string, partial: LoadPartial): void;
  /** Resolves once listening (publish after that is heard); the returned function stops listening. */
  subscribe(loadRunId: string, listener: LoadPartialListener): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export function createLocalLoadChannel(): LoadChannel {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(loadRunId, partial) {
      emitter.emit(loadRunId, partial);
    },
    async subscribe(loadRunId, listener) {
      emitter.on(loadRunId, listener);
      return async () => {
        emitter.off(loadRunId, listener);
      };
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

export function createRedisLoadChannel(
  redis: Redis,
  prefix: string,
  log?: (error: unknown) => void,
): LoadChannel {
  const channelOf = (id: string) => `${prefix}load:${id}`;
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  // A subscribed connection can run no other command: one of its own, opened on first use (only the merging part
  // of a load run subscribes).
  let sub: Redis | null = null;
  const subscriber = (): Redis => {
    if (sub === null) {
      sub = redis.duplicate();
      sub.on('error', () => undefined);
      sub.on('message', (channel: string, message: string) => {
        try {
          emitter.emit(channel, JSON.parse(message) as LoadPartial);
        } catch (error) {
          log?.(error);
        }
      });
    }
    return sub;
  };
  return {
    publish(loadRunId, partial) {
      redis.publish(channelOf(loadRunId), JSON.stringify(partial)).catch((error: unknown) => log?.(error));
    },
    async subscribe(loadRunId, listener) {
      const channel = channelOf(loadRunId);
      const s = subscriber();
      emitter.on(channel, listener);
      await s.subscribe(channel);
      return async () => {
        emitter.off(channel, listener);
        if (emitter.listenerCount(channel) === 0) {
          await s.unsubscribe(channel).catch(() => undefined);
        }
      };
    },
    async close() {
      emitter.removeAllListeners();
      const s = sub as Redis | null;
      await closeRedis(s);
    },
  };
}
