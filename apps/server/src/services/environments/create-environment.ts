import type { TCreateEnvironmentRequest, TEnvironmentResponse } from '@apiplay/core';
import type { DbOrTx } from '../../db/client';
import { environments } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';
import type { SecretBox } from '../../infra/secrets';
import { toEnvironmentResponse } from '../../presenters/environments';
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
}): Promise<TEnvironmentResponse> {
  const [row] = await opts.db
    .insert(environments)
    .values({
      workspaceId: opts.workspaceId,
      name: opts.input.name,
      variables: sealVariables(opts.box, opts.input.variables, []),
      createdBy: opts.userId,
    })
    .returning();
  if (!row) {
    throw new Error('environment insert returned nothing');
  }
  opts.events?.publish({
    type: 'environment.created',
    workspaceId: opts.workspaceId,
    actorId: opts.userId,
    data: { environmentId: row.id },
  });
  return toEnvironmentResponse(opts.box, row);
}
