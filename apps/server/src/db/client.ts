import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { withBaselineWasmTier } from '@apiplay/core/wasm-tier';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import * as schema from './schema';

/** The database handle every service takes: Drizzle's pg-core builder, the same over PGlite and node-postgres. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A Drizzle transaction handle (`db.transaction(async (tx) => …)`); services accept `Db | Tx` as `DbOrTx`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/** `application_name` of the sessions that LISTEN for auth-change notices (server mode without Redis). */
export const LISTEN_APPLICATION_NAME = 'apiplay auth-change notices';

/** The part of node-postgres' `Client` a LISTEN session needs (its own connection: LISTEN holds it for good). */
export interface ListenConnection {
  connect(): Promise<unknown>;
  query(text: string, values?: unknown[]): Promise<unknown>;
  on(
    event: 'notification',
    listener: (message: { channel: string; payload?: string | undefined }) => void,
  ): unknown;
  on(event: 'error' | 'end', listener: (error?: Error) => void): unknown;
  end(): Promise<void>;
}

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Round-trip to the database (readiness). */
  ping(): Promise<void>;
  /** Closes the pool, or flushes and closes PGlite (the process cannot exit while PGlite is open). */
  close(): Promise<void>;
  /** PGlite only: a tarball of the data directory (test templates). */
  dump(): Promise<Blob>;
  /**
   * PGlite only: how many writing statements and transactions have started or finished so far. This process is the
   * only client, so while the count stands still nothing in the database changed: embedded caches use it to skip
   * re-checking what they hold (the tree cache's revision, the resource → workspace lookup).
   */
  writes?: () => number;
  /** PostgreSQL only: a dedicated session for LISTEN, and NOTIFY through the pool (cross-instance notices). */
  notifications?: {
    connection(): ListenConnection;
    notify(text: string, values: unknown[]): Promise<unknown>;
  };
}

export type DatabaseOptions =
  | {
      kind: 'pglite';
      dataDir?: string | undefined;
      /** A `dumpDataDir()` tarball to start from (tests: a migrated template loads in ≈1 s instead of ≈5–10 s initdb). */
      loadDataDir?: Blob | undefined;
    }
  | { kind: 'postgres'; url: string; poolMax?: number | undefined };

// shared_buffers=8MB: later starts ≈0.27 s / 150 MB RSS instead of ≈0.9 s / 310 MB (see shared NOTES.md).
const pgliteConf = ['shared_buffers=8MB'];

const READ_ONLY = /^\s*select\b/i;

/**
 * Counts every statement that may write (anything but a plain SELECT, run outside a transaction) and every
 * transaction, once when it starts and once when it settles. Drizzle reaches PGlite only through `query` and
 * `transaction` (statements inside a transaction go to the transaction's own handle, covered by its count).
 */
function countWrites(client: PGlite): () => number {
  let count = 0;
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  const transaction = client.transaction.bind(client);
  const counted = async <T>(run: () => Promise<T>): Promise<T> => {
    count++;
    try {
      return await run();
    } finally {
      count++;
    }
  };
  client.query = ((text: string, ...rest: unknown[]) =>
    READ_ONLY.test(text)
      ? (query as (...a: unknown[]) => Promise<unknown>)(text, ...rest)
      : counted(() => (query as (...a: unknown[]) => Promise<unknown>)(text, ...rest))) as PGlite['query'];
  client.exec = ((...args: Parameters<PGlite['exec']>) => counted(() => exec(...args))) as PGlite['exec'];
  client.transaction = ((...args: Parameters<PGlite['transaction']>) =>
    counted(() => transaction(...args))) as PGlite['transaction'];
  return () => count;
}

/**
 * Opens the database. PGlite (`dataDir` undefined → in memory, for tests) is a single connection: PGlite itself
 * queues queries behind an open transaction, so transactions are serialized by construction.
 */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.kind === 'pglite') {
    if (opts.dataDir !== undefined) {
      mkdirSync(opts.dataDir, { recursive: true });
    }
    // PGlite's 9 MB WebAssembly on V8's baseline tier only. Measured here: boot CPU 0.84 → 0.44 s and idle RSS
    // 200 → 155 MB, with the same query throughput (Postgres in WASM spends its time in memory and I/O, not in code
    // the optimizer helps). QuickJS, compiled later, still gets optimized code.
    const client = await withBaselineWasmTier(() =>
      PGlite.create({
        ...(opts.dataDir === undefined ? {} : { dataDir: opts.dataDir }),
        ...(opts.loadDataDir === undefined ? {} : { loadDataDir: opts.loadDataDir }),
        postgresqlconf: pgliteConf,
      }),
    );
    const writes = countWrites(client);
    const db: Db = drizzlePglite({ client, schema });
    return {
      db,
      kind: 'pglite',
      writes,
      ping: async () => {
        await client.query('select 1');
      },
      close: async () => {
        if (!client.closed) {
          await client.close();
        }
      },
      dump: async () => {
        const d = await client.dumpDataDir('none');
        return d;
      },
    };
  }
  // Loaded lazily: embedded mode never pays for the pg driver's import.
  const { default: pg } = await import('pg');
  const { drizzle: drizzlePg } = await import('drizzle-orm/node-postgres');
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolMax ?? 10 });
  // An idle client's error (a PostgreSQL restart, an administrator terminating connections, a dropped network) is
  // emitted on the pool, and without a listener Node makes it an uncaught exception that kills the process. The pool
  // has already dropped that client and opens a new one on the next query: a warning is all it is worth.
  pool.on('error', (err) => {
    process.stderr.write(`database: an idle connection was lost (${err.message}); the pool reconnects\n`);
  });
  const db: Db = drizzlePg({ client: pool, schema });
  return {
    db,
    kind: 'postgres',
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      await pool.end();
    },
    dump: async () => {
      throw new Error('dump() is only available on PGlite');
    },
    notifications: {
      // Named, so that an operator (or a test) can tell the listening sessions apart in pg_stat_activity.
      connection: () =>
        new pg.Client({ connectionString: opts.url, application_name: LISTEN_APPLICATION_NAME }),
      notify: (text, values) => pool.query(text, values),
    },
  };
}

/** Where embedded mode keeps its database files. */
export function pgliteDataDir(dataDir: string): string {
  return join(dataDir, 'pgdata');
}
