import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { environments } from '../../db/schema';
import { isUuid } from '../../policies/roles';

/** Workspace owning an environment (null when it does not exist). */
export async function workspaceOfEnvironment(db: DbOrTx, environmentId: unknown): Promise<string | null> {
  if (!isUuid(environmentId)) {
    return null;
  }
  const rows = await db
    .select({ workspaceId: environments.workspaceId })
    .from(environments)
    .where(eq(environments.id, environmentId))
    .limit(1);
  return rows[0]?.workspaceId ?? null;
}
