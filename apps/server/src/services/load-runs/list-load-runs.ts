import type { TLoadRunList } from '@apiplay/core';
import { and, desc, eq, getTableColumns } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { loadRuns } from '../../db/schema';
import { presentLoadRunListItem } from '../../presenters/load-runs';

/** The workspace's 50 newest load runs (optionally of one collection), without their series. */
export async function listLoadRuns(opts: {
  db: DbOrTx;
  workspaceId: string;
  collectionId?: string | undefined;
}): Promise<TLoadRunList> {
  const { series: _series, ...columns } = getTableColumns(loadRuns);
  const rows = await opts.db
    .select(columns)
    .from(loadRuns)
    .where(
      and(
        eq(loadRuns.workspaceId, opts.workspaceId),
        opts.collectionId === undefined ? undefined : eq(loadRuns.collectionId, opts.collectionId),
      ),
    )
    .orderBy(desc(loadRuns.createdAt))
    .limit(50);
  return { items: rows.map(presentLoadRunListItem) };
}
