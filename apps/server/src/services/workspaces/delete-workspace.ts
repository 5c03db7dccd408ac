import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { historyEntries, workspaceFiles, workspaces } from '../../db/schema';
import type { BlobStorage } from '../../infra/blob-storage';
import type { MembershipCache } from '../../infra/membership-cache';
import { recordAudit } from '../audit/record-audit';
import { getWorkspace } from './get-workspace';

/**
 * Deletes a workspace and (by cascade) everything in it, then what it kept in blob storage (stored files, large
 * history bodies). Owners only.
 */
export async function deleteWorkspace(opts: {
  db: Db;
  storage: BlobStorage;
  /** Invalidated once the change is committed (embedded mode caches roles for the access hook). */
  memberships: MembershipCache;
  actorId: string;
  workspaceId: string;
  ip: string;
}): Promise<void> {
  const blobKeys = await opts.db.transaction(async (tx) => {
    const ws = await getWorkspace({ db: tx, workspaceId: opts.workspaceId });
    const files = await tx
      .select({ key: workspaceFiles.storageKey })
      .from(workspaceFiles)
      .where(eq(workspaceFiles.workspaceId, opts.workspaceId));
    const bodies = await tx
      .select({ key: historyEntries.bodyRef })
      .from(historyEntries)
      .where(and(eq(historyEntries.workspaceId, opts.workspaceId), isNotNull(historyEntries.bodyRef)));
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
    return [...files, ...bodies].flatMap((r) => (r.key === null ? [] : [r.key]));
  });
  opts.memberships.invalidate(opts.workspaceId);
  // After the commit: a blob whose row is gone is garbage; one whose delete fails is left, never a row without it.
  for (const key of blobKeys) {
    await opts.storage.delete(key).catch(() => undefined);
  }
}
