import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { type OwnedKind, workspaceOf } from '../policies/workspace-of';

/** An access rule's `resolve` for routes addressed by `:id`: the workspace owning that resource. */
export function ownerOf(kind: OwnedKind) {
  return (req: FastifyRequest, ctx: AppContext): Promise<string | null> =>
    workspaceOf(ctx.db, kind, (req.params as { id?: unknown }).id);
}
