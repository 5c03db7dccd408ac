import type { TWorkspacePreferences } from '@apiplay/core';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { memberPreferences } from '../../db/schema';

/** A member's preferences in a workspace (defaults when never set). */
export async function getPreferences(opts: {
  db: DbOrTx;
  workspaceId: string;
  userId: string;
}): Promise<TWorkspacePreferences> {
  const [row] = await opts.db
    .select({ activeEnvironmentId: memberPreferences.activeEnvironmentId })
    .from(memberPreferences)
    .where(
      and(eq(memberPreferences.workspaceId, opts.workspaceId), eq(memberPreferences.userId, opts.userId)),
    )
    .limit(1);
  return { activeEnvironmentId: row?.activeEnvironmentId ?? null };
}
