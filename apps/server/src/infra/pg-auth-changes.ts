import { EventEmitter } from 'node:events';
import type { ListenConnection } from '../db/client';
import { type AuthChanges, BARRIER_LIMITS } from './auth-changes';
import { RoundTripBarrier } from './notice-barrier';

const RECONNECT_MS = 1_000;
const ECHO_WAIT_MS = 1_000;

/**
 * Server mode without Redis: notices through PostgreSQL's LISTEN/NOTIFY, which every instance shares anyway.
 * The listening connection is dedicated; while it is down this instance is not `live` (its auth caches are
 * bypassed and cleared), and it reconnects every second.
 *
 * Freshness (`settle`): a listening session forwards a notice to this process some time after the commit, so a
 * request on this instance can arrive before the notice of a revocation that already answered on another. Before
 * a cached verdict is trusted, one `SELECT 1` sent on the listening connection AFTER the request was authenticated
 * must come back. That is enough because (PostgreSQL 15, commands/async.c): the notifying transaction signals
 * every listening backend in `AtCommit_Notify`, after its commit is visible and before the notifying statement
 * answers; a listening backend that has been signalled sends the pending notices to its client before it reads a
 * later query (`ProcessClientReadInterrupt`) or, at the latest, before that query's ReadyForQuery
 * (`ProcessNotifyInterrupt`); and node-postgres emits 'notification' in socket order, before it resolves the query.
 * Requests that arrive while a `SELECT 1` is in flight share the next one (`RoundTripBarrier`).
 */
export async function createPgAuthChanges(opts: {
  channel: string;
  /** A new, unconnected client for the listening session. */
  connection: () => ListenConnection;
  /** Runs one statement on the shared pool. */
  notify: (text: string, values: unknown[]) => Promise<unknown>;
  log?: (error: unknown) => void;
}): Promise<AuthChanges> {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let live = false;
  let closed = false;
  let client: ListenConnection | null = null;
  let retry: NodeJS.Timeout | null = null;

  const waiting = new Map<string, Array<() => void>>();
  const echoed = (userId: string) => {
    const waiters = waiting.get(userId);
    waiting.delete(userId);
    for (const wake of waiters ?? []) {
      wake();
    }
  };
  const awaitEcho = (userId: string, ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      const list = waiting.get(userId) ?? [];
      list.push(() => {
        clearTimeout(timer);
        resolve();
      });
      waiting.set(userId, list);
    });

  const barrier = new RoundTripBarrier(
    () => (client !== null && live ? client.query('SELECT 1') : Promise.reject(new Error('not listening'))),
    BARRIER_LIMITS,
    (error) => {
      if (live) {
        lost(error);
      }
    },
  );

  const lost = (error?: Error) => {
    if (error !== undefined) {
      opts.log?.(error);
    }
    const wasLive = live;
    live = false;
    barrier.fail();
    const dead = client;
    client = null;
    dead?.end().catch(() => undefined);
    if (wasLive) {
      emitter.emit('change', null);
    }
    if (!closed && retry === null) {
      retry = setTimeout(() => {
        retry = null;
        void open().catch(lost);
      }, RECONNECT_MS);
      retry.unref();
    }
  };

  async function open(): Promise<void> {
    const c = opts.connection();
    client = c;
    c.on('error', (error) => lost(error));
    c.on('end', () => {
      if (client === c) {
        lost();
      }
    });
    c.on('notification', (message) => {
      if (message.channel === opts.channel) {
        // An empty payload is never sent; treat it as "anyone" rather than a user id.
        emitter.emit('change', message.payload ? message.payload : null);
        if (message.payload) {
          echoed(message.payload);
        }
      }
    });
    await c.connect();
    // The channel name is ours (a constant plus the key prefix), quoted as an identifier.
    await c.query(`LISTEN "${opts.channel.replaceAll('"', '""')}"`);
    if (closed || client !== c) {
      await c.end().catch(() => undefined);
      return;
    }
    live = true;
    // Whatever happened while not listening is unknown: re-check every stream.
    emitter.emit('change', null);
  }

  // PostgreSQL was just reached by the migrations; should this fail anyway, the instance starts not `live`.
  await open().catch(lost);
  return {
    async publish(userId) {
      // pg_notify returns at commit, before the listening sessions have forwarded the notice to their clients:
      // wait until our own listening session has (the others are signalled at the same commit), at most 1 s.
      const echo = live ? awaitEcho(userId, ECHO_WAIT_MS) : Promise.resolve();
      try {
        await opts.notify('SELECT pg_notify($1, $2)', [opts.channel, userId]);
        await echo;
      } catch (error) {
        opts.log?.(error);
        emitter.emit('change', userId);
      }
    },
    live: () => live,
    ticket: () => barrier.ticket(),
    settled: (ticket) => live && barrier.passed(ticket),
    settle: async (ticket) => live && (await barrier.wait(ticket)) && live,
    subscribe(listener) {
      emitter.on('change', listener);
      return () => emitter.off('change', listener);
    },
    async close() {
      closed = true;
      live = false;
      barrier.fail();
      if (retry !== null) {
        clearTimeout(retry);
      }
      emitter.removeAllListeners();
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
