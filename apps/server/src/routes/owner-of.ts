import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { isUuid } from '../policies/roles';
import { type OwnedKind, workspaceOf } from '../policies/workspace-of';

/**
 * An access rule's `resolve` for routes addressed by `:id`: the workspace owning that resource. Embedded mode
 * remembers the answer while the database is unchanged (`ctx.owners`), so a read of a tree costs no statement.
 */
export function ownerOf(kind: OwnedKind) {
  return (req: FastifyRequest, ctx: AppContext): Promise<string | null> => {
    const id = (req.params as { id?: unknown }).id;
    if (!isUuid(id)) {
      return Promise.resolve(null);
    }
    return ctx.owners.get(`${kind}:${id}`, () => workspaceOf(ctx.db, kind, id));
  };
}
