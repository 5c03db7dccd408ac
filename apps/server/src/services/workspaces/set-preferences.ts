import { AppError, type TWorkspacePreferences } from '@apiplay/core';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { environments, memberPreferences } from '../../db/schema';

/**
 * Set a member's preferences in a workspace. The environment must be one of this workspace's (globals are not an
 * environment to choose); anything else is a 400 naming the field, never a hint about other workspaces.
 */
export async function setPreferences(opts: {
  db: DbOrTx;
  workspaceId: string;
  userId: string;
  preferences: TWorkspacePreferences;
}): Promise<TWorkspacePreferences> {
  const envId = opts.preferences.activeEnvironmentId;
  if (envId !== null) {
    const [env] = await opts.db
      .select({ id: environments.id })
      .from(environments)
      .where(
        and(
          eq(environments.id, envId),
          eq(environments.workspaceId, opts.workspaceId),
          eq(environments.kind, 'environment'),
        ),
      )
      .limit(1);
    if (!env) {
      throw new AppError(
        'VALIDATION_FAILED',
        'body.activeEnvironmentId: no such environment in this workspace',
        {
          field: 'body.activeEnvironmentId',
        },
      );
    }
  }
  const now = new Date();
  await opts.db
    .insert(memberPreferences)
    .values({
      workspaceId: opts.workspaceId,
      userId: opts.userId,
      activeEnvironmentId: envId,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [memberPreferences.workspaceId, memberPreferences.userId],
      set: { activeEnvironmentId: envId, updatedAt: now },
    });
  return { activeEnvironmentId: envId };
}
