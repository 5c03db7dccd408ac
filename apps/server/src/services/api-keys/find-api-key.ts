import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { apiKeys } from '../../db/schema';
import { sha256 } from '../../lib/crypto';

const lastUsedWrites = new Map<string, number>();

/** The live (not revoked, not expired) API key with this secret, or null; notes when it was last used. */
export async function findApiKey(opts: {
  db: DbOrTx;
  key: string;
}): Promise<{ id: string; userId: string } | null> {
  const now = new Date();
  const rows = await opts.db
    .select({ id: apiKeys.id, userId: apiKeys.userId })
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.keyHash, sha256(opts.key)),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
      ),
    )
    .limit(1);
  const row = rows[0];
  if (row === undefined) {
    return null;
  }
  // lastUsedAt is informational: write it at most once a minute per key so key-authenticated load stays cheap.
  const last = lastUsedWrites.get(row.id) ?? 0;
  if (now.getTime() - last > 60_000) {
    lastUsedWrites.set(row.id, now.getTime());
    await opts.db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
  }
  return row;
}
