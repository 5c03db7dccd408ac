import type { TEnvironmentList } from '@apiplay/core';
import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { environments } from '../../db/schema';
import type { SecretBox } from '../../infra/secrets';
import { toEnvironmentResponse } from '../../presenters/environments';

/** Environments of a workspace (not the globals), by name, secrets masked. */
export async function listEnvironments(opts: {
  db: DbOrTx;
  box: SecretBox;
  workspaceId: string;
}): Promise<TEnvironmentList> {
  const rows = await opts.db
    .select()
    .from(environments)
    .where(and(eq(environments.workspaceId, opts.workspaceId), eq(environments.kind, 'environment')))
    .orderBy(asc(environments.name), asc(environments.id));
  return { items: rows.map((r) => toEnvironmentResponse(opts.box, r)) };
}
