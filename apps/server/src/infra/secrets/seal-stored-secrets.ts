import type { TVariable } from '@apiplay/core';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { appMeta, collectionItems, collections, environments } from '../../db/schema';
import type { SecretBox } from './secret-box';

const DONE_KEY = 'secrets.sealed.v1';

function sealed(box: SecretBox, variables: unknown): TVariable[] | null {
  if (!Array.isArray(variables)) {
    return null;
  }
  const list = variables as TVariable[];
  if (!list.some((v) => v.secret && typeof v.value === 'string' && !box.isSealed(v.value))) {
    return null;
  }
  return list.map((v) => (v.secret && !box.isSealed(v.value) ? { ...v, value: box.encrypt(v.value) } : v));
}

/**
 * Once per database: encrypt secret values stored in clear before every level was sealed (collection and folder
 * variables were kept as written; readers tolerate both, so the data stays readable meanwhile). Runs at boot, in
 * one transaction behind an advisory lock so two instances booting together do not both seal. Returns the number
 * of rows changed.
 */
export async function sealStoredSecrets(opts: { db: DbOrTx; box: SecretBox }): Promise<number> {
  const { box } = opts;
  return opts.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7421001)`);
    const [done] = await tx.select().from(appMeta).where(eq(appMeta.key, DONE_KEY)).limit(1);
    if (done) {
      return 0;
    }
    let changed = 0;
    for (const row of await tx
      .select({ id: collections.id, variables: collections.variables })
      .from(collections)) {
      const next = sealed(box, row.variables);
      if (next) {
        await tx.update(collections).set({ variables: next }).where(eq(collections.id, row.id));
        changed += 1;
      }
    }
    for (const row of await tx
      .select({ id: collectionItems.id, data: collectionItems.data })
      .from(collectionItems)
      .where(eq(collectionItems.type, 'folder'))) {
      const next = sealed(box, row.data.variables);
      if (next) {
        await tx
          .update(collectionItems)
          .set({ data: { ...row.data, variables: next } })
          .where(eq(collectionItems.id, row.id));
        changed += 1;
      }
    }
    for (const row of await tx
      .select({ id: environments.id, variables: environments.variables })
      .from(environments)) {
      const next = sealed(box, row.variables);
      if (next) {
        await tx.update(environments).set({ variables: next }).where(eq(environments.id, row.id));
        changed += 1;
      }
    }
    await tx.insert(appMeta).values({ key: DONE_KEY, value: { changed } }).onConflictDoNothing();
    return changed;
  });
}
