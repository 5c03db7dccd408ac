import type { TCreateEnvironmentRequest, TEnvironmentResponse } from '@apiplay/core';
import type { DbOrTx } from '../../db/client';
import { environments } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';
import type { SecretBox } from '../../infra/secrets';
import { toEnvironmentResponse } from '../../presenters/environments';
import { recordAudit } from '../audit/record-audit';
import { sealVariables } from './seal-variables';

/** Create an environment; secret values are encrypted before they reach the database. */
export async function createEnvironment(opts: {
  db: DbOrTx;
  box: SecretBox;
  workspaceId: string;
  userId: string;
  input: TCreateEnvironmentRequest;
  /** Publishes `environment.created`; omitted by imports, which publish nothing per environment. */
  events?: EventBus;
  /** The caller's address, for the audit trail. */
  ip?: string;
}): Promise<TEnvironmentResponse> {
  const row = await opts.db.transaction(async (tx) => {
    const [r] = await tx
      .insert(environments)
      .values({
        workspaceId: opts.workspaceId,
        name: opts.input.name,
        variables: sealVariables(opts.box, opts.input.variables, []),
        createdBy: opts.userId,
      })
      .returning();
    if (!r) {
      throw new Error('environment insert returned nothing');
    }
    await recordAudit(tx, {
      action: 'environment.created',
      actorId: opts.userId,
      workspaceId: opts.workspaceId,
      targetType: 'environment',
      targetId: r.id,
      ip: opts.ip,
      meta: { name: r.name },
    });
    return r;
  });
  opts.events?.publish({
    type: 'environment.created',
    workspaceId: opts.workspaceId,
    actorId: opts.userId,
    data: { environmentId: row.id },
  });
  return toEnvironmentResponse(opts.box, row);
}
