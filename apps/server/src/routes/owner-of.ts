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

const MAX_REMEMBERED = 10_000;
const treeOwners = new WeakMap<AppContext, Map<string, string>>();

/**
 * `resolve` of the tree read (`GET /api/collections/:id`), its hottest route. A collection never moves to another
 * workspace (no service changes `collections.workspace_id`), so its owner, once found, is remembered in server mode
 * too; the caller's role is still checked on every read, and a collection deleted since is answered 404 by the
 * tree read itself (its revision check finds no row). Only this route uses it: writes must not act on a deleted id.
 */
export async function treeOwner(req: FastifyRequest, ctx: AppContext): Promise<string | null> {
  if (ctx.database.kind === 'pglite') {
    return ownerOf('collection')(req, ctx);
  }
  const id = (req.params as { id?: unknown }).id;
  if (!isUuid(id)) {
    return null;
  }
  let known = treeOwners.get(ctx);
  if (known === undefined) {
    known = new Map();
    treeOwners.set(ctx, known);
  }
  const hit = known.get(id);
  if (hit !== undefined) {
    return hit;
  }
  const owner = await workspaceOf(ctx.db, 'collection', id);
  if (owner !== null) {
    if (known.size >= MAX_REMEMBERED) {
      known.clear();
    }
    known.set(id, owner);
  }
  return owner;
}
