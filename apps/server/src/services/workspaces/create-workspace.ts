import type { DbOrTx } from '../../db/client';
import { workspaceMembers, workspaces } from '../../db/schema';

export type WorkspaceRow = typeof workspaces.$inferSelect;

/** Creates a workspace with `userId` as its owner (personal workspaces are made at registration). */
export async function createWorkspace(opts: {
  db: DbOrTx;
  userId: string;
  name: string;
  kind?: 'personal' | 'team';
}): Promise<WorkspaceRow> {
  const [ws] = await opts.db
    .insert(workspaces)
    .values({ name: opts.name, kind: opts.kind ?? 'team', createdBy: opts.userId })
    .returning();
  if (ws === undefined) {
    throw new Error('workspace insert returned nothing');
  }
  await opts.db.insert(workspaceMembers).values({ workspaceId: ws.id, userId: opts.userId, role: 'owner' });
  return ws;
}
