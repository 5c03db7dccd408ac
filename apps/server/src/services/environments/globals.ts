import type { TVariable } from '@apiplay/core';
import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { environments } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';
import type { SecretBox } from '../../infra/secrets';
import type { EnvironmentRow } from '../../presenters/environments';
import { recordAudit } from '../audit/record-audit';
import { sealVariables } from './seal-variables';

/** The workspace's globals row, created empty on first use (one per workspace, enforced by a unique index). */
export async function ensureGlobalsRow(db: DbOrTx, workspaceId: string): Promise<EnvironmentRow> {
  const where = and(eq(environments.workspaceId, workspaceId), eq(environments.kind, 'globals'));
  const [existing] = await db.select().from(environments).where(where).limit(1);
  if (existing) {
    return existing;
  }
  await db
    .insert(environments)
    .values({ workspaceId, kind: 'globals', name: 'Globals', variables: [] })
    .onConflictDoNothing();
  const [row] = await db.select().from(environments).where(where).limit(1);
  if (!row) {
    throw new Error('globals row missing after insert');
  }
  return row;
}

/** Replace the workspace globals. */
export async function putGlobals(opts: {
  db: Db;
  box: SecretBox;
  workspaceId: string;
  variables: readonly TVariable[];
  userId: string;
  events: EventBus;
  /** The caller's address, for the audit trail. */
  ip?: string;
}): Promise<EnvironmentRow> {
  const saved = await opts.db.transaction(async (tx) => {
    const row = await ensureGlobalsRow(tx, opts.workspaceId);
    const [updated] = await tx
      .update(environments)
      .set({ variables: sealVariables(opts.box, opts.variables, row.variables), updatedAt: new Date() })
      .where(eq(environments.id, row.id))
      .returning();
    await recordAudit(tx, {
      action: 'globals.updated',
      actorId: opts.userId,
      workspaceId: opts.workspaceId,
      targetType: 'environment',
      targetId: row.id,
      ip: opts.ip,
      meta: { variables: opts.variables.length },
    });
    return updated ?? row;
  });
  opts.events.publish({
    type: 'environment.updated',
    workspaceId: opts.workspaceId,
    actorId: opts.userId,
    data: { environmentId: saved.id },
  });
  return saved;
}
