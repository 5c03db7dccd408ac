import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';

/** Lock key taken while deciding who the first user is (any fixed number unique to this application). */
export const FIRST_ADMIN_LOCK = 7_411_523_907;

/**
 * The first registered user is an instance admin. Run at boot (installs from before the admin panel) and inside
 * registration, under a transaction-scoped advisory lock so two simultaneous first sign-ups cannot both miss it
 * (nor both win). Does nothing while any admin exists, so demoting oneself is allowed once another admin exists.
 */
export async function ensureFirstAdmin(db: DbOrTx): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`);
    await tx.execute(sql`
      UPDATE users SET is_admin = true, updated_at = now()
      WHERE id = (SELECT id FROM users ORDER BY created_at, id LIMIT 1)
        AND NOT EXISTS (SELECT 1 FROM users WHERE is_admin)`);
  });
}
