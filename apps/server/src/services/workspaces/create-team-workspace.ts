import type { Db } from '../../db/client';
import { recordAudit } from '../audit/record-audit';
import { createWorkspace, type WorkspaceRow } from './create-workspace';

/** A team workspace created by a user (who becomes its owner), audited in the same transaction. */
export async function createTeamWorkspace(opts: {
  db: Db;
  userId: string;
  name: string;
  ip: string;
}): Promise<WorkspaceRow> {
  return opts.db.transaction(async (tx) => {
    const created = await createWorkspace({ db: tx, userId: opts.userId, name: opts.name });
    await recordAudit(tx, {
      action: 'workspace.created',
      actorId: opts.userId,
      workspaceId: created.id,
      targetType: 'workspace',
      targetId: created.id,
      ip: opts.ip,
    });
    return created;
  });
}
