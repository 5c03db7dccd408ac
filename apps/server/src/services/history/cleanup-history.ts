import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import type { BlobStorage } from '../../infra/blob-storage';

/** Retention for workspaces that never set one. */
export const DEFAULT_RETENTION_DAYS = 30;

/** The scheduled cleanup: delete entries older than each workspace's retention, and their stored bodies. */
export async function cleanupHistory(opts: {
  db: DbOrTx;
  storage: BlobStorage;
  now?: Date;
}): Promise<{ deleted: number }> {
  const now = opts.now ?? new Date();
  const result = await opts.db.execute(sql`
    DELETE FROM history_entries h
    WHERE h.created_at < ${now.toISOString()}::timestamptz - make_interval(days => COALESCE(
      (SELECT s.history_retention_days FROM workspace_content_settings s WHERE s.workspace_id = h.workspace_id),
      ${DEFAULT_RETENTION_DAYS}))
    RETURNING h.body_ref`);
  const rows = (result as unknown as { rows: { body_ref: string | null }[] }).rows;
  for (const row of rows) {
    if (row.body_ref) {
      await opts.storage.delete(row.body_ref);
    }
  }
  return { deleted: rows.length };
}
