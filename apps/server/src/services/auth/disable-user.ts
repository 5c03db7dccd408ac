import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { apiKeys, sessions, users } from '../../db/schema';
import { recordAudit } from '../audit/record-audit';
import { endFamilies } from './end-families';

/**
 * Disables an account: it can no longer sign in or refresh, every session and API key is revoked, every access
 * token stops working at once and its open `/ws` streams close (on every instance). Idempotent.
 */
export async function disableUser(opts: {
  ctx: AppContext;
  userId: string;
  actorId?: string | null;
  ip?: string;
}): Promise<void> {
  const { ctx } = opts;
  const ended = await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ active: false, updatedAt: new Date() }).where(eq(users.id, opts.userId));
    const revoked = await tx
      .update(sessions)
      .set({ revokedAt: new Date(), revokedReason: 'account_disabled' })
      .where(and(eq(sessions.userId, opts.userId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id, lastUsedAt: sessions.lastUsedAt });
    // Revoked, not just dormant: enabling the account again must not bring old keys back.
    const keys = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.userId, opts.userId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    await recordAudit(tx, {
      action: 'auth.account_disabled',
      actorId: opts.actorId ?? null,
      subjectUserId: opts.userId,
      targetType: 'user',
      targetId: opts.userId,
      ip: opts.ip,
      meta: { sessionsRevoked: revoked.length, apiKeysRevoked: keys.length },
    });
    return revoked;
  });
  ctx.userCache.invalidate(opts.userId);
  await endFamilies(ctx, opts.userId, ended);
}
