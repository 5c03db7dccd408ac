import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { users } from '../../db/schema';
import { recordAudit } from '../audit/record-audit';
import { consumeEmailToken, EmailTokenRefused } from './consume-email-token';

/**
 * Marks the address the link was sent to as verified. Needs no session (the link may be opened on another
 * device); a link for an address the account no longer has verifies nothing. Refusals are audited.
 */
export async function verifyEmail(opts: { ctx: AppContext; token: string; ip: string }): Promise<void> {
  const { ctx } = opts;
  try {
    const userId = await ctx.db.transaction(async (tx) => {
      const { userId, email } = await consumeEmailToken(tx, opts.token, 'email_verification');
      const updated = await tx
        .update(users)
        .set({ emailVerifiedAt: new Date(), updatedAt: new Date() })
        .where(and(eq(users.id, userId), eq(users.email, email)))
        .returning({ id: users.id });
      if (updated.length === 0) {
        throw new EmailTokenRefused('unknown', userId);
      }
      await recordAudit(tx, {
        action: 'auth.email_verified',
        actorId: userId,
        subjectUserId: userId,
        ip: opts.ip,
      });
      return userId;
    });
    ctx.userCache.invalidate(userId);
    await ctx.authChanges.publish(userId);
  } catch (error) {
    if (error instanceof EmailTokenRefused) {
      await recordAudit(ctx.db, {
        action: 'auth.email_verification_failed',
        subjectUserId: error.userId,
        ip: opts.ip,
        meta: { reason: error.reason },
      });
    }
    throw error;
  }
}
