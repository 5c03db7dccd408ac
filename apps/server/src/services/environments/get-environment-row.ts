import { AppError } from '@apiplay/core';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { environments } from '../../db/schema';
import type { EnvironmentRow } from '../../presenters/environments';

/** One environment row (optionally required to belong to `workspaceId`) or NOT_FOUND. */
export async function getEnvironmentRow(
  db: DbOrTx,
  id: string,
  workspaceId?: string,
): Promise<EnvironmentRow> {
  const [row] = await db
    .select()
    .from(environments)
    .where(and(eq(environments.id, id), workspaceId ? eq(environments.workspaceId, workspaceId) : undefined))
    .limit(1);
  if (!row) {
    throw new AppError('NOT_FOUND', 'Environment not found');
  }
  return row;
}
