import type { THistorySettings } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { workspaceContentSettings } from '../../db/schema';
import { recordAudit } from '../audit/record-audit';
import { defaultRetentionDays } from './cleanup-history';

/** The workspace's history retention. */
export async function getHistorySettings(
  db: DbOrTx,
  workspaceId: string,
  envDefaultDays?: number,
): Promise<THistorySettings> {
  const [row] = await db
    .select()
    .from(workspaceContentSettings)
    .where(eq(workspaceContentSettings.workspaceId, workspaceId))
    .limit(1);
  return { retentionDays: row?.historyRetentionDays ?? (await defaultRetentionDays(db, envDefaultDays)) };
}

/** Set the workspace's history retention (enforced by the scheduled cleanup job). */
export async function putHistorySettings(
  db: DbOrTx,
  workspaceId: string,
  input: THistorySettings,
  who: { actorId: string; ip?: string },
): Promise<THistorySettings> {
  await db.transaction(async (tx) => {
    await tx
      .insert(workspaceContentSettings)
      .values({ workspaceId, historyRetentionDays: input.retentionDays })
      .onConflictDoUpdate({
        target: workspaceContentSettings.workspaceId,
        set: { historyRetentionDays: input.retentionDays, updatedAt: new Date() },
      });
    await recordAudit(tx, {
      action: 'history.settings_changed',
      actorId: who.actorId,
      workspaceId,
      targetType: 'workspace',
      targetId: workspaceId,
      ip: who.ip,
      meta: { retentionDays: input.retentionDays },
    });
  });
  return input;
}
