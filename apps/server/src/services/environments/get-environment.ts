import { AppError, type TEnvironmentResponse, type TWorkspaceRole } from '@apiplay/core';
import type { DbOrTx } from '../../db/client';
import { auditEvents } from '../../db/schema';
import type { SecretBox } from '../../infra/secrets';
import { roleAtLeast } from '../../policies/roles';
import { toEnvironmentResponse } from '../../presenters/environments';
import { getEnvironmentRow } from './get-environment-row';

/** One environment; `reveal` (editors only) decrypts secrets and leaves an audit event. */
export async function getEnvironment(opts: {
  db: DbOrTx;
  box: SecretBox;
  environmentId: string;
  reveal: boolean;
  actor: { userId: string; role: TWorkspaceRole; ip?: string };
}): Promise<TEnvironmentResponse> {
  const row = await getEnvironmentRow(opts.db, opts.environmentId);
  if (opts.reveal) {
    if (!roleAtLeast(opts.actor.role, 'editor')) {
      throw new AppError('FORBIDDEN', 'Revealing secret values needs the editor role or higher');
    }
    await opts.db.insert(auditEvents).values({
      action: 'environment.secrets_revealed',
      actorId: opts.actor.userId,
      workspaceId: row.workspaceId,
      targetType: row.kind,
      targetId: row.id,
      ip: opts.actor.ip ?? null,
      meta: { name: row.name, secrets: row.variables.filter((v) => v.secret).map((v) => v.key) },
    });
  }
  return toEnvironmentResponse(opts.box, row, opts.reveal);
}
