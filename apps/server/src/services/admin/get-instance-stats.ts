import type { TInstanceStats } from '@apiplay/core';
import { inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { users } from '../../db/schema';

const DAYS = 14;

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** UTC day keys (YYYY-MM-DD) of the last `DAYS` days, oldest first. */
function lastDays(now: Date): string[] {
  const out: string[] = [];
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let i = DAYS - 1; i >= 0; i -= 1) {
    out.push(new Date(today - i * 86_400_000).toISOString().slice(0, 10));
  }
  return out;
}

/**
 * Instance figures for the admin panel: accounts, workspaces, executions and runs per UTC day (executions are
 * history entries, so workspaces' retention bounds how far back they reach), storage and the job queue's depth
 * (jobs are tracked in the database by both queue implementations).
 */
export async function getInstanceStats(opts: {
  ctx: Pick<AppContext, 'db' | 'config'>;
  now?: Date;
}): Promise<TInstanceStats> {
  const { db } = opts.ctx;
  const now = opts.now ?? new Date();
  const days = lastDays(now);
  const since = `${days[0]}T00:00:00.000Z`;
  const envAdmins = opts.ctx.config.adminEmails;
  const isAdmin =
    envAdmins.length === 0
      ? sql`${users.isAdmin}`
      : sql`(${users.isAdmin} or ${inArray(users.email, envAdmins)})`;
  const [people] = await db
    .select({
      total: sql<number>`count(*)::int`,
      active: sql<number>`count(*) filter (where ${users.active})::int`,
      admins: sql<number>`count(*) filter (where ${isAdmin})::int`,
    })
    .from(users);
  const [ws] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM workspaces`));
  const executions = rowsOf<{ day: string; n: number }>(
    await db.execute(sql`
      SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS n
      FROM history_entries WHERE created_at >= ${since}::timestamptz GROUP BY 1`),
  );
  const runs = rowsOf<{ day: string; n: number }>(
    await db.execute(sql`
      SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS n
      FROM runs WHERE created_at >= ${since}::timestamptz GROUP BY 1`),
  );
  const [bodies] = rowsOf<{ n: string | number | null }>(
    await db.execute(sql`SELECT coalesce(sum((response->>'size')::bigint), 0) AS n FROM history_entries`),
  );
  let databaseBytes: number | null = null;
  try {
    const [size] = rowsOf<{ n: string | number }>(
      await db.execute(sql`SELECT pg_database_size(current_database()) AS n`),
    );
    databaseBytes = size === undefined ? null : Number(size.n);
  } catch {
    databaseBytes = null; // not every database lets every role read its size
  }
  const [queue] = rowsOf<{ waiting: number; active: number }>(
    await db.execute(sql`
      SELECT count(*) FILTER (WHERE status = 'queued')::int AS waiting,
             count(*) FILTER (WHERE status = 'running')::int AS active
      FROM jobs WHERE status IN ('queued', 'running')`),
  );
  const byDay = (list: { day: string; n: number }[]) => new Map(list.map((r) => [r.day, Number(r.n)]));
  const execMap = byDay(executions);
  const runMap = byDay(runs);
  return {
    users: {
      total: Number(people?.total ?? 0),
      active: Number(people?.active ?? 0),
      admins: Number(people?.admins ?? 0),
    },
    workspaces: Number(ws?.n ?? 0),
    days: days.map((day) => ({ day, executions: execMap.get(day) ?? 0, runs: runMap.get(day) ?? 0 })),
    storage: { databaseBytes, historyBodyBytes: Number(bodies?.n ?? 0) },
    queue: { waiting: Number(queue?.waiting ?? 0), active: Number(queue?.active ?? 0) },
  };
}
