import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import {
  collectionItems,
  collections,
  environments,
  historyEntries,
  jobs,
  loadRuns,
  runs,
  workspaceFiles,
} from '../db/schema';
import { isUuid } from './roles';

/** The workspace-owned resources a route can address by id. */
const owners = {
  collection: collections,
  item: collectionItems,
  environment: environments,
  run: runs,
  job: jobs,
  history: historyEntries,
  file: workspaceFiles,
  load_run: loadRuns,
} as const;

export type OwnedKind = keyof typeof owners;

/**
 * The workspace owning a resource, for the route access check: null when the id is not a UUID or nothing has it
 * (the check then answers 404). System jobs have no workspace and so are not visible through the API.
 */
export async function workspaceOf(db: DbOrTx, kind: OwnedKind, id: unknown): Promise<string | null> {
  if (!isUuid(id)) {
    return null;
  }
  const table = owners[kind];
  const rows = await db
    .select({ workspaceId: table.workspaceId })
    .from(table)
    .where(eq(table.id, id))
    .limit(1);
  return rows[0]?.workspaceId ?? null;
}
