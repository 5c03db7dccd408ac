import { AppError, type TCollectionTree, type TWorkspaceRole } from '@apiplay/core';
import type { DbOrTx } from '../../db/client';
import { auditEvents } from '../../db/schema';
import type { SecretBox } from '../../infra/secrets';
import { roleAtLeast } from '../../policies/roles';
import { openVariables } from '../environments/seal-variables';
import { getCollectionTree } from './get-collection-tree';

/** The tree with collection and folder secrets decrypted (editors only), leaving an audit event. */
export async function revealCollectionTree(opts: {
  db: DbOrTx;
  box: SecretBox;
  collectionId: string;
  actor: { userId: string; role: TWorkspaceRole; ip?: string };
}): Promise<TCollectionTree> {
  if (!roleAtLeast(opts.actor.role, 'editor')) {
    throw new AppError('FORBIDDEN', 'Revealing secret values needs the editor role or higher');
  }
  const tree = await getCollectionTree({
    db: opts.db,
    collectionId: opts.collectionId,
    secrets: (variables) => openVariables(opts.box, variables),
  });
  await opts.db.insert(auditEvents).values({
    action: 'collection.secrets_revealed',
    actorId: opts.actor.userId,
    workspaceId: tree.workspaceId,
    targetType: 'collection',
    targetId: tree.id,
    ip: opts.actor.ip ?? null,
    meta: { name: tree.name },
  });
  return tree;
}
