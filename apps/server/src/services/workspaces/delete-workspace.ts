import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { workspaces } from '../../db/schema';
import type { MembershipCache } from '../../infra/membership-cache';
import { recordAudit } from '../audit/record-audit';
import { getWorkspace } from './get-workspace';

/** Deletes a workspace and (by cascade) everything in it. Owners only. */
export async function deleteWorkspace(opts: {
  db: Db;
  /** Invalidated once the change is committed (embedded mode caches roles for the access hook). */
  memberships: MembershipCache;
  actorId: string;
  workspaceId: string;
  ip: string;
}): Promise<void> {
  await opts.db.transaction(async (tx) => {
    const ws = await getWorkspace({ db: tx, workspaceId: opts.workspaceId });
    await tx.delete(workspaces).where(eq(workspaces.id, opts.workspaceId));
    await recordAudit(tx, {
      action: 'workspace.deleted',
      actorId: opts.actorId,
      subjectUserId: opts.actorId,
      workspaceId: opts.workspaceId,
      targetType: 'workspace',
      targetId: opts.workspaceId,
      ip: opts.ip,
      meta: { name: ws.name },
    });
  });
  opts.memberships.invalidate(opts.workspaceId);
}
