import { AppError } from '@apiplay/core';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { environments } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';
import { recordAudit } from '../audit/record-audit';

/** Delete an environment (the globals cannot be deleted, only emptied). */
export async function deleteEnvironment(opts: {
  db: DbOrTx;
  environmentId: string;
  workspaceId: string;
  userId: string;
  events: EventBus;
  /** The caller's address, for the audit trail. */
  ip?: string;
}): Promise<void> {
  await opts.db.transaction(async (tx) => {
    const rows = await tx
      .delete(environments)
      .where(and(eq(environments.id, opts.environmentId), eq(environments.kind, 'environment')))
      .returning({ id: environments.id, name: environments.name });
    const gone = rows[0];
    if (gone === undefined) {
      throw new AppError('NOT_FOUND', 'Environment not found');
    }
    await recordAudit(tx, {
      action: 'environment.deleted',
      actorId: opts.userId,
      workspaceId: opts.workspaceId,
      targetType: 'environment',
      targetId: gone.id,
      ip: opts.ip,
      meta: { name: gone.name },
    });
  });
  opts.events.publish({
    type: 'environment.deleted',
    workspaceId: opts.workspaceId,
    actorId: opts.userId,
    data: { environmentId: opts.environmentId },
  });
}
