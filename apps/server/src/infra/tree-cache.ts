import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { collections } from '../db/schema';

/** How many serialized trees one process keeps (a 5,000-request tree is ≈ 1.6 MB). */
const MAX_ENTRIES = 32;

/**
 * Serialized whole trees keyed by collection and revision. Every change to a collection or its items bumps the
 * revision in the database, so a hit is checked with one indexed read and is never stale, on any instance.
 * The expensive part — reading every row, assembling and validating with CollectionFormat — runs once per revision.
 * Entries are UTF-8 bytes, not strings, so a hit is written out without encoding 1.6 MB again.
 */
export function createTreeCache(
  load: (db: DbOrTx, collectionId: string) => Promise<{ revision: number }>,
  /** Embedded mode's `Database.writes`: while it stands still, a hit needs no revision check at all. */
  writes?: () => number,
) {
  const entries = new Map<string, { revision: number; json: Buffer; checkedAt: number }>();
  return {
    async get(db: DbOrTx, collectionId: string): Promise<Buffer> {
      // Taken before the check: a write that overlaps it makes the next read check again.
      const now = writes?.() ?? -1;
      const known = entries.get(collectionId);
      if (known !== undefined && writes !== undefined && known.checkedAt === now) {
        entries.delete(collectionId);
        entries.set(collectionId, known);
        return known.json;
      }
      const [row] = await db
        .select({ revision: collections.revision })
        .from(collections)
        .where(eq(collections.id, collectionId))
        .limit(1);
      const hit = entries.get(collectionId);
      if (row && hit && hit.revision === row.revision) {
        // Refresh LRU position.
        hit.checkedAt = now;
        entries.delete(collectionId);
        entries.set(collectionId, hit);
        return hit.json;
      }
      const tree = await load(db, collectionId);
      const json = Buffer.from(JSON.stringify(tree));
      entries.delete(collectionId);
      entries.set(collectionId, { revision: tree.revision, json, checkedAt: now });
      if (entries.size > MAX_ENTRIES) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) {
          entries.delete(oldest);
        }
      }
      return json;
    },
  };
}
export type TreeCache = ReturnType<typeof createTreeCache>;
