import type { TEnvironmentResponse, TUpdateEnvironmentRequest } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { environments } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';
import type { SecretBox } from '../../infra/secrets';
import { toEnvironmentResponse } from '../../presenters/environments';
import { recordAudit } from '../audit/record-audit';
import { getEnvironmentRow } from './get-environment-row';
import { sealVariables } from './seal-variables';

/** Rename and/or replace the variables of an environment (masked secrets keep their stored value). */
export async function updateEnvironment(opts: {
  db: Db;
  box: SecretBox;
  environmentId: string;
  input: TUpdateEnvironmentRequest;
  workspaceId: string;
  userId: string;
  events: EventBus;
  /** The caller's address, for the audit trail. */
  ip?: string;
}): Promise<TEnvironmentResponse> {
  const updated = await opts.db.transaction(async (tx) => {
    const row = await getEnvironmentRow(tx, opts.environmentId);
    const [updated] = await tx
      .update(environments)
      .set({
        ...(opts.input.name === undefined ? {} : { name: opts.input.name }),
        ...(opts.input.variables === undefined
          ? {}
          : { variables: sealVariables(opts.box, opts.input.variables, row.variables) }),
        updatedAt: new Date(),
      })
      .where(eq(environments.id, row.id))
      .returning();
    await recordAudit(tx, {
      action: 'environment.updated',
      actorId: opts.userId,
      workspaceId: opts.workspaceId,
      targetType: 'environment',
      targetId: row.id,
      ip: opts.ip,
      meta: { fields: Object.keys(opts.input) },
    });
    return toEnvironmentResponse(opts.box, updated ?? row);
  });
  opts.events.publish({
    type: 'environment.updated',
    workspaceId: opts.workspaceId,
    actorId: opts.userId,
    data: { environmentId: updated.id },
  });
  return updated;
}
