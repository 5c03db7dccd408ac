import { AppError } from '@apiplay/core';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { environments } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';

/** Delete an environment (the globals cannot be deleted, only emptied). */
export async function deleteEnvironment(opts: {
  db: DbOrTx;
  environmentId: string;
  workspaceId: string;
  userId: string;
  events: EventBus;
}): Promise<void> {
  const rows = await opts.db
    .delete(environments)
    .where(and(eq(environments.id, opts.environmentId), eq(environments.kind, 'environment')))
    .returning({ id: environments.id });
  if (rows.length === 0) {
    throw new AppError('NOT_FOUND', 'Environment not found');
  }
  opts.events.publish({
    type: 'environment.deleted',
    workspaceId: opts.workspaceId,
    actorId: opts.userId,
    data: { environmentId: opts.environmentId },
  });
}
