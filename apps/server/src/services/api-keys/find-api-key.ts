import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { apiKeys, users } from '../../db/schema';
import { sha256 } from '../../lib/crypto';

const lastUsedWrites = new Map<string, number>();

/**
 * The live (not revoked, not expired, owner's account active) API key with this secret, or null; notes when it
 * was last used. `expiresAt` lets open streams end when the key expires.
 */
export async function findApiKey(opts: { db: DbOrTx; key: string }): Promise<{
  id: string;
  userId: string;
  expiresAt: Date | null;
  scopes: string[];
  workspaceId: string | null;
} | null> {
  const now = new Date();
  const rows = await opts.db
    .select({
      id: apiKeys.id,
      userId: apiKeys.userId,
      expiresAt: apiKeys.expiresAt,
      scopes: apiKeys.scopes,
      workspaceId: apiKeys.workspaceId,
    })
    .from(apiKeys)
    // A disabled account's keys stop working with it.
    .innerJoin(users, and(eq(users.id, apiKeys.userId), eq(users.active, true)))
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
