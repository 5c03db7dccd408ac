import type { TVariable } from '@apiplay/core';
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { collections, environments } from '../../db/schema';
import type { EventBus } from '../../infra/event-bus';
import type { SecretBox } from '../../infra/secrets';
import { storableJson } from '../../lib/storable-text';
import { getMemberRole, roleAtLeast } from '../../policies/roles';
import { toSummary } from '../../presenters/collections';
import { ensureGlobalsRow } from './globals';
import { applyScopeChanges, diffScope, type ScopeChanges } from './script-variable-changes';

type Scopes = { environment: TVariable[]; globals: TVariable[]; collection: TVariable[] };

export const NOT_SAVED_FOR_VIEWERS =
  'Variable changes made by scripts were not saved: your role (viewer) cannot edit environments or collections';

/**
 * Save what scripts set or unset (pm.environment / pm.globals / pm.collectionVariables) back to the
 * environment, the workspace globals and the collection they ran with, as Postman does after a send or a run.
 * Nothing is read or written when the scripts changed nothing. Secrets keep their flag and are re-encrypted;
 * each saved scope emits its live event. Callers below editor get a warning instead (returned, to show them).
 */
export async function saveScriptVariables(
  deps: { db: DbOrTx; box: SecretBox; events: EventBus },
  opts: {
    workspaceId: string;
    userId: string;
    environmentId?: string | undefined;
    collectionId?: string | undefined;
    before: Scopes;
    after: Scopes;
  },
): Promise<string[]> {
  // Scripts may set NUL or lone surrogates, which PostgreSQL cannot store: they are saved as U+FFFD.
  const after = storableJson(opts.after);
  const environment = opts.environmentId ? diffScope(opts.before.environment, after.environment) : null;
  const globals = diffScope(opts.before.globals, after.globals);
  const collection = opts.collectionId ? diffScope(opts.before.collection, after.collection) : null;
  if (!environment && !globals && !collection) {
    return [];
  }
  const role = await getMemberRole(deps.db, opts.userId, opts.workspaceId);
  if (!role || !roleAtLeast(role, 'editor')) {
    return [NOT_SAVED_FOR_VIEWERS];
  }
  const event = { workspaceId: opts.workspaceId, actorId: opts.userId };
  const savedEnvironment =
    environment && opts.environmentId
      ? await saveEnvironment(deps, opts.environmentId, opts.workspaceId, environment)
      : null;
  const savedGlobals = globals ? await saveEnvironment(deps, null, opts.workspaceId, globals) : null;
  for (const environmentId of [savedEnvironment, savedGlobals]) {
    if (environmentId) {
      deps.events.publish({ ...event, type: 'environment.updated', data: { environmentId } });
    }
  }
  if (collection && opts.collectionId) {
    const summary = await saveCollection(deps, opts.collectionId, collection);
    if (summary) {
      deps.events.publish({ ...event, type: 'collection.updated', data: { collection: summary } });
    }
  }
  return [];
}

/**
 * Environment `id`, or the workspace globals when null; re-read in the transaction so concurrent edits stay.
 * Null when the environment was deleted meanwhile (nothing to save to).
 */
async function saveEnvironment(
  deps: { db: DbOrTx; box: SecretBox },
  id: string | null,
  workspaceId: string,
  changes: ScopeChanges,
): Promise<string | null> {
  return deps.db.transaction(async (tx) => {
    const where = and(eq(environments.id, id ?? ''), eq(environments.workspaceId, workspaceId));
    const [row] = id
      ? await tx.select().from(environments).where(where).limit(1)
      : [await ensureGlobalsRow(tx, workspaceId)];
    if (!row) {
      return null;
    }
    await tx
      .update(environments)
      .set({
        variables: applyScopeChanges(row.variables, changes, (value) => deps.box.encrypt(value)),
        updatedAt: new Date(),
      })
      .where(eq(environments.id, row.id));
    return row.id;
  });
}

/** Collection variables (secrets sealed); bumps the revision so cached trees are rebuilt. */
async function saveCollection(
  deps: { db: DbOrTx; box: SecretBox },
  collectionId: string,
  changes: ScopeChanges,
) {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(collections).where(eq(collections.id, collectionId)).limit(1);
    if (!row) {
      return null;
    }
    const [updated] = await tx
      .update(collections)
      .set({
        variables: applyScopeChanges(row.variables, changes, (value) => deps.box.encrypt(value)),
        revision: sql`${collections.revision} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(collections.id, row.id))
      .returning();
    return updated ? toSummary(updated) : null;
  });
}
