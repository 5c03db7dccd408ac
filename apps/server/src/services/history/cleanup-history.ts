import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import type { BlobStorage } from '../../infra/blob-storage';
import { readStoredSettings } from '../settings/instance-settings';

/** Retention for workspaces that never set one when neither HISTORY_RETENTION_DAYS nor an admin says otherwise. */
export const DEFAULT_RETENTION_DAYS = 30;

/** The instance default: what an admin stored, else the environment's. */
export async function defaultRetentionDays(
  db: DbOrTx,
  envDefaultDays = DEFAULT_RETENTION_DAYS,
): Promise<number> {
  return (await readStoredSettings(db)).defaultHistoryRetentionDays ?? envDefaultDays;
}

/** The scheduled cleanup: delete entries older than each workspace's retention, and their stored bodies. */
export async function cleanupHistory(opts: {
  db: DbOrTx;
  storage: BlobStorage;
  now?: Date;
  /** HISTORY_RETENTION_DAYS. */
  envDefaultDays?: number;
}): Promise<{ deleted: number }> {
  const now = opts.now ?? new Date();
  const fallbackDays = await defaultRetentionDays(opts.db, opts.envDefaultDays);
  const result = await opts.db.execute(sql`
    DELETE FROM history_entries h
    WHERE h.created_at < ${now.toISOString()}::timestamptz - make_interval(days => COALESCE(
      (SELECT s.history_retention_days FROM workspace_content_settings s WHERE s.workspace_id = h.workspace_id),
      ${fallbackDays}::int))
    RETURNING h.body_ref`);
  const rows = (result as unknown as { rows: { body_ref: string | null }[] }).rows;
  for (const row of rows) {
    if (row.body_ref) {
      await opts.storage.delete(row.body_ref);
    }
  }
  return { deleted: rows.length };
}
