import type { TInsights, TInsightsQuery } from '@apiplay/core';
import { and, eq, gte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { historyEntries } from '../../db/schema';
import { getItemRow } from '../items/get-item-row';

/** Each window: how far back, and how wide one bucket is. */
const WINDOWS: Record<TInsightsQuery['window'], { spanSeconds: number; bucketSeconds: number }> = {
  day: { spanSeconds: 24 * 3600, bucketSeconds: 3600 },
  week: { spanSeconds: 7 * 24 * 3600, bucketSeconds: 6 * 3600 },
  month: { spanSeconds: 30 * 24 * 3600, bucketSeconds: 24 * 3600 },
};

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * A saved request's latency percentiles (p50/p95/p99, continuous: PostgreSQL's `percentile_cont`, the same in
 * PGlite) and error rate (no response, or status ≥ 400) over time, computed in SQL from its history entries (every
 * Send of it; run executions are recorded without the request's id). Buckets are aligned to the epoch (UTC).
 */
export async function getRequestInsights(opts: {
  db: DbOrTx;
  requestId: string;
  window: TInsightsQuery['window'];
  now?: Date;
}): Promise<TInsights> {
  await getItemRow(opts.db, opts.requestId, 'request');
  const { spanSeconds, bucketSeconds } = WINDOWS[opts.window];
  const to = opts.now ?? new Date();
  const from = new Date(to.getTime() - spanSeconds * 1000);
  const stats = {
    count: sql<number>`count(*)::int`,
    errors: sql<number>`(count(*) filter (where ${historyEntries.status} is null or ${historyEntries.status} >= 400))::int`,
    p50: sql<number | null>`percentile_cont(0.5) within group (order by ${historyEntries.durationMs})`,
    p95: sql<number | null>`percentile_cont(0.95) within group (order by ${historyEntries.durationMs})`,
    p99: sql<number | null>`percentile_cont(0.99) within group (order by ${historyEntries.durationMs})`,
  };
  const where = and(
    eq(historyEntries.requestItemId, opts.requestId),
    gte(historyEntries.createdAt, from),
    sql`${historyEntries.createdAt} <= ${to.toISOString()}::timestamptz`,
  );
  // Inlined (a constant of WINDOWS, not input): GROUP BY must see the same expression as the select list, and two
  // bind parameters are two expressions to PostgreSQL.
  const bucket = sql<number>`floor(extract(epoch from ${historyEntries.createdAt}) / ${sql.raw(String(bucketSeconds))})::int`;
  const rows = await opts.db
    .select({ bucket, ...stats })
    .from(historyEntries)
    .where(where)
    .groupBy(bucket)
    .orderBy(bucket);
  const [total] = await opts.db.select(stats).from(historyEntries).where(where);
  const point = (r: { count: number; errors: number; p50: unknown; p95: unknown; p99: unknown }) => {
    const count = Number(r.count);
    const errors = Number(r.errors);
    return {
      count,
      errors,
      errorRate: count === 0 ? null : errors / count,
      p50: num(r.p50),
      p95: num(r.p95),
      p99: num(r.p99),
    };
  };
  return {
    requestId: opts.requestId,
    window: opts.window,
    bucketSeconds,
    from: from.toISOString(),
    to: to.toISOString(),
    total: point(total ?? { count: 0, errors: 0, p50: null, p95: null, p99: null }),
    buckets: rows.map((r) => ({
      start: new Date(Number(r.bucket) * bucketSeconds * 1000).toISOString(),
      ...point(r),
    })),
  };
}
