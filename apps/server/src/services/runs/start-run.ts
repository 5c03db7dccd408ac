import { AppError, type TStartRunRequest } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { EnqueueJob } from '../../context';
import type { DbOrTx } from '../../db/client';
import { collections, runs } from '../../db/schema';
import { recordAudit } from '../audit/record-audit';
import { getEnvironmentRow } from '../environments/get-environment-row';

/** Record a queued run and hand it to the job queue. */
export async function startRun(opts: {
  db: DbOrTx;
  enqueue: EnqueueJob;
  workspaceId: string;
  collectionId: string;
  userId: string;
  input: TStartRunRequest;
  /** The caller's address, for the audit trail. */
  ip?: string;
}): Promise<{ runId: string }> {
  const [collection] = await opts.db
    .select()
    .from(collections)
    .where(eq(collections.id, opts.collectionId))
    .limit(1);
  if (!collection || collection.workspaceId !== opts.workspaceId) {
    throw new AppError('NOT_FOUND', 'Collection not found');
  }
  if (opts.input.environmentId) {
    await getEnvironmentRow(opts.db, opts.input.environmentId, opts.workspaceId);
  }
  const run = await opts.db.transaction(async (tx) => {
    const [r] = await tx
      .insert(runs)
      .values({
        workspaceId: opts.workspaceId,
        collectionId: collection.id,
        collectionName: collection.name,
        environmentId: opts.input.environmentId ?? null,
        options: opts.input,
        createdBy: opts.userId,
      })
      .returning({ id: runs.id });
    if (!r) {
      throw new Error('run insert returned nothing');
    }
    await recordAudit(tx, {
      action: 'run.started',
      actorId: opts.userId,
      workspaceId: opts.workspaceId,
      targetType: 'run',
      targetId: r.id,
      ip: opts.ip,
      meta: { collectionId: collection.id, environmentId: opts.input.environmentId ?? null },
    });
    return r;
  });
  await opts.enqueue({
    type: 'run',
    workspaceId: opts.workspaceId,
    userId: opts.userId,
    payload: { runId: run.id },
  });
  return { runId: run.id };
}
