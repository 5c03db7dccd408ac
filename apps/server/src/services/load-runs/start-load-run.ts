import { AppError, type TLoadRunAccepted, type TStartLoadRunRequest } from '@apiplay/core';
import { partsFor } from '@apiplay/core/load';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { EnqueueJob } from '../../context';
import type { Db } from '../../db/client';
import { collections, loadRuns, workspaces } from '../../db/schema';
import type { SecretBox } from '../../infra/secrets';
import { recordAudit } from '../audit/record-audit';
import { getEnvironmentRow } from '../environments/get-environment-row';
import { loadInputs } from './load-inputs';
import { invalidField, type LoadCaps, validateLoadOptions } from './validate-load-options';

/**
 * Check a load run's options (400 naming the field, before any request is sent), count it against the workspace's
 * caps, record it and queue one job per part (the VUs split across the workers). Audited.
 */
export async function startLoadRun(opts: {
  db: Db;
  box: SecretBox;
  enqueue: EnqueueJob;
  caps: LoadCaps;
  /** Workers to split across (config `LOAD_PARTS`; 1 in embedded mode). */
  parts: number;
  workspaceId: string;
  collectionId: string;
  userId: string;
  ip?: string | undefined;
  input: TStartLoadRunRequest;
}): Promise<TLoadRunAccepted> {
  const { db, input } = opts;
  const [collection] = await db
    .select({ id: collections.id, name: collections.name, workspaceId: collections.workspaceId })
    .from(collections)
    .where(eq(collections.id, opts.collectionId))
    .limit(1);
  if (!collection || collection.workspaceId !== opts.workspaceId) {
    throw new AppError('NOT_FOUND', 'Collection not found');
  }
  if (input.environmentId) {
    await getEnvironmentRow(db, input.environmentId, opts.workspaceId);
  }
  const inputs = await loadInputs({
    db,
    box: opts.box,
    workspaceId: opts.workspaceId,
    collectionId: collection.id,
    environmentId: input.environmentId,
  });
  const { profile } = validateLoadOptions(input, inputs.collection, opts.caps);
  const rate = profile.mode === 'rate' ? Math.ceil(profile.ratePerSecond) : 0;
  const parts = partsFor(profile, opts.parts);
  const id = await db.transaction(async (tx) => {
    // Concurrent starts in one workspace serialize here, so together they never pass the caps.
    await tx
      .select({ id: workspaces.id })
      .from(workspaces)
      .where(eq(workspaces.id, opts.workspaceId))
      .for('update');
    const [used] = await tx
      .select({
        vus: sql<number>`coalesce(sum(${loadRuns.maxVus}), 0)::int`,
        rate: sql<number>`coalesce(sum(${loadRuns.ratePerSecond}), 0)::int`,
      })
      .from(loadRuns)
      .where(
        and(eq(loadRuns.workspaceId, opts.workspaceId), inArray(loadRuns.status, ['queued', 'running'])),
      );
    const vusInUse = Number(used?.vus ?? 0);
    const rateInUse = Number(used?.rate ?? 0);
    if (vusInUse + profile.maxVus > opts.caps.maxVus) {
      throw new AppError(
        'CONFLICT',
        `body.vus: this workspace's load runs may use ${opts.caps.maxVus} VUs at once; ${vusInUse} are in use by running load runs and this one needs ${profile.maxVus}`,
        { issues: [{ field: 'body.vus', message: 'over the workspace VU cap with the running load runs' }] },
      );
    }
    if (rate > 0 && rateInUse + rate > opts.caps.maxRate) {
      throw invalidField(
        'rate',
        `this workspace's load runs may start ${opts.caps.maxRate} iterations/s together; ${rateInUse}/s are in use`,
      );
    }
    const [row] = await tx
      .insert(loadRuns)
      .values({
        workspaceId: opts.workspaceId,
        collectionId: collection.id,
        collectionName: collection.name,
        environmentId: input.environmentId ?? null,
        options: input,
        maxVus: profile.maxVus,
        ratePerSecond: rate,
        parts,
        createdBy: opts.userId,
      })
      .returning({ id: loadRuns.id });
    if (!row) {
      throw new Error('load run insert returned nothing');
    }
    await recordAudit(tx, {
      action: 'load_run.started',
      actorId: opts.userId,
      workspaceId: opts.workspaceId,
      targetType: 'load_run',
      targetId: row.id,
      ip: opts.ip,
      meta: {
        collectionId: collection.id,
        mode: profile.mode,
        maxVus: profile.maxVus,
        ratePerSecond: rate,
        durationMs: profile.durationMs,
        parts,
      },
    });
    return row.id;
  });
  try {
    for (let part = 0; part < parts; part++) {
      await opts.enqueue({
        type: 'load',
        workspaceId: opts.workspaceId,
        userId: opts.userId,
        payload: { loadRunId: id, part },
      });
    }
  } catch (error) {
    // Not queued (Redis away): the run must not hold the workspace's VUs.
    await db
      .update(loadRuns)
      .set({ status: 'failed', reason: 'could not be queued', finishedAt: new Date() })
      .where(eq(loadRuns.id, id));
    throw error;
  }
  return { loadRunId: id, parts };
}
