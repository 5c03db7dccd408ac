import type { TLoadRun, TLoadRunListItem } from '@apiplay/core';
import type { loadRuns } from '../db/schema';

type LoadRunRow = typeof loadRuns.$inferSelect;

/** A load run as listed (no per-second series). */
export function presentLoadRunListItem(row: Omit<LoadRunRow, 'series'>): TLoadRunListItem {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    collectionId: row.collectionId,
    collectionName: row.collectionName,
    status: row.status,
    parts: row.parts,
    options: row.options,
    reason: row.reason,
    summary: row.summary ?? null,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export function presentLoadRun(row: LoadRunRow): TLoadRun {
  return { ...presentLoadRunListItem(row), series: row.series };
}
