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

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Round-trip to the database (readiness). */
  ping(): Promise<void>;
  /** Closes the pool, or flushes and closes PGlite (the process cannot exit while PGlite is open). */
  close(): Promise<void>;
  /** PGlite only: a tarball of the data directory (test templates). */
  dump(): Promise<Blob>;
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
    const db: Db = drizzlePglite({ client, schema });
    return {
      db,
      kind: 'pglite',
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
  };
}

/** Where embedded mode keeps its database files. */
export function pgliteDataDir(dataDir: string): string {
  return join(dataDir, 'pgdata');
}
