import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import type { TLiveEvent, TWsServerMessage } from '@apiplay/core';
import { Redis } from 'ioredis';
import pg from 'pg';
import { WebSocket } from 'ws';

/**
 * Shared by the tests that start built server processes (multi-instance, nginx-deploy, package-release): free ports,
 * a PostgreSQL database and Redis database of their own, spawning with labelled stderr, waiting for an address to
 * answer, a JSON API call and a /ws client.
 */

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * A fresh PostgreSQL database named `<prefix>_<random>` and a flushed Redis database (9-14) of its own so queues and
 * channels do not meet other suites'. `drop` removes the database.
 */
export async function isolatedStores(
  dbUrl: string,
  redisUrl: string,
  prefix: string,
): Promise<{ databaseUrl: string; redisUrl: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: dbUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const drop = async () => {
    const c = new pg.Client({ connectionString: dbUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
  const db = new URL(dbUrl);
  db.pathname = `/${name}`;
  const redis = new URL(redisUrl);
  redis.pathname = `/${9 + ((randomBytes(1)[0] ?? 0) % 6)}`;
  const flush = new Redis(redis.toString());
  await flush.flushdb();
  await flush.quit();
  return { databaseUrl: db.toString(), redisUrl: redis.toString(), drop };
}

/**
 * Spawns `args` with this process's environment plus `env`, stdout ignored; stderr goes to `onStderr` or, by default,
 * to this process's stderr prefixed with `[label]`. The child is pushed onto `procs` for the suite to kill.
 */
export function spawnLabelled(
  procs: ChildProcess[],
  label: string,
  args: string[],
  env: Record<string, string>,
  onStderr: (chunk: string) => void = (d) => process.stderr.write(`[${label}] ${d}`),
): ChildProcess {
  const child = spawn(args[0] ?? '', args.slice(1), {
    // biome-ignore lint/style/noProcessEnv: a test helper, like the *.test.ts files that use it
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (d) => onStderr(String(d)));
  procs.push(child);
  return child;
}

/** Polls `url` every 100 ms (60 s at most) until its status satisfies `ok` (200 by default). */
export async function waitFor(
  url: string,
  ok: (status: number) => boolean = (s) => s === 200,
  detail: () => string = () => '',
): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    try {
      if (ok((await fetch(url)).status)) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never answered${detail()}`);
}

/** A JSON call; an empty token sends no authorization header. */
export async function api(base: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/**
 * A /ws client collecting live events and subscriptions; `until` waits (`timeoutMs`, 30 s by default) for a predicate
 * over them.
 */
export function wsClient(url: string, token: string, timeoutMs = 30_000) {
  const socket = new WebSocket(url, ['apiplay', token]);
  const events: TLiveEvent[] = [];
  const subscribed: string[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    const msg = JSON.parse(String(data)) as TWsServerMessage;
    if (msg.type === 'event') {
      events.push(msg.event);
    }
    if (msg.type === 'subscribed') {
      subscribed.push(msg.workspaceId);
    }
    for (const w of waiters.splice(0)) {
      w();
    }
  });
  async function until(pred: (e: TLiveEvent[], s: string[]) => boolean, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred(events, subscribed)) {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}; got ${events.map((e) => e.type).join(', ')}`);
      }
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 500);
      });
    }
  }
  return { socket, events, until, opened: new Promise((r, j) => socket.on('open', r).on('error', j)) };
}
