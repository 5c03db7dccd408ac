import { AppError, type TPasswordResetConfirm } from '@apiplay/core';
import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { sessions, users } from '../../db/schema';
import { hashPassword, passwordProblem } from '../../lib/passwords';
import { recordAudit } from '../audit/record-audit';
import { consumeEmailToken, EmailTokenRefused } from './consume-email-token';
import { endFamilies } from './end-families';
import { enforceRateLimit } from './enforce-rate-limit';

/**
 * Sets a new password from an emailed reset token (single use, 1 h), then ends every session of the user: each
 * refresh-token family is revoked and every access token it minted stops working at once. The link also proves
 * the user reads the address, so it counts as a verification. Refusals are audited; a refused password leaves
 * the token unspent.
 */
export async function resetPassword(opts: {
  ctx: AppContext;
  input: TPasswordResetConfirm;
  ip: string;
}): Promise<void> {
  const { ctx, input } = opts;
  await enforceRateLimit({
    limiter: ctx.rateLimiter,
    key: `reset:ip:${opts.ip}`,
    limit: ctx.config.authRateLimit.perIp,
    windowMs: 60_000,
  });
  const passwordHash = await hashPassword(input.newPassword);
  let outcome: { userId: string; ended: Array<{ id: string; lastUsedAt: Date }> };
  try {
    outcome = await ctx.db.transaction(async (tx) => {
      const { userId, email } = await consumeEmailToken(tx, input.token, 'password_reset');
      const [user] = await tx.select().from(users).where(eq(users.id, userId)).limit(1);
      if (user === undefined || !user.active || user.email !== email) {
        throw new EmailTokenRefused('unknown', userId);
      }
      const problem = passwordProblem(input.newPassword, { email: user.email, name: user.name });
      if (problem !== null) {
        throw new AppError('VALIDATION_FAILED', `body.newPassword: ${problem}`, {
          issues: [{ field: 'body.newPassword', message: problem }],
        });
      }
      const now = new Date();
      await tx
        .update(users)
        .set({ passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? now, updatedAt: now })
        .where(eq(users.id, userId));
      const ended = await tx
        .update(sessions)
        .set({ revokedAt: now, revokedReason: 'password_reset' })
        .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
        .returning({ id: sessions.id, lastUsedAt: sessions.lastUsedAt });
      await recordAudit(tx, {
        action: 'auth.password_reset',
        actorId: userId,
        subjectUserId: userId,
        ip: opts.ip,
      });
      return { userId, ended };
    });
  } catch (error) {
    if (error instanceof EmailTokenRefused) {
      await recordAudit(ctx.db, {
        action: 'auth.password_reset_failed',
        subjectUserId: error.userId,
        ip: opts.ip,
        meta: { reason: error.reason },
      });
    }
    throw error;
  }
  ctx.userCache.invalidate(outcome.userId);
  await endFamilies(ctx, outcome.userId, outcome.ended);
}
