import { AppError, type TChangePasswordRequest } from '@apiplay/core';
import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { sessions, users } from '../../db/schema';
import { hashPassword, passwordProblem, verifyPassword } from '../../lib/passwords';
import { recordAudit } from '../audit/record-audit';
import { endFamilies } from './end-families';
import { getUser } from './get-user';
import { type IssuedTokens, issueTokens } from './issue-tokens';

/**
 * Changes the password after checking the current one, revokes every refresh-token family of the user (other
 * devices must sign in again) and returns a fresh token pair for the caller.
 */
export async function changePassword(opts: {
  ctx: AppContext;
  userId: string;
  input: TChangePasswordRequest;
  ip: string;
  access?: { jti?: string | undefined; exp?: number | undefined } | null;
}): Promise<IssuedTokens> {
  const { ctx, input } = opts;
  const user = await getUser({ db: ctx.db, userId: opts.userId, cache: ctx.userCache });
  if (user.passwordHash === null) {
    throw new AppError(
      'CONFLICT',
      'This account signs in with single sign-on; set a password with a reset link',
      {
        reason: 'no_password',
      },
    );
  }
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('VALIDATION_FAILED', 'body.currentPassword: the current password is incorrect', {
      issues: [{ field: 'body.currentPassword', message: 'incorrect' }],
    });
  }
  const problem = passwordProblem(input.newPassword, { email: user.email, name: user.name });
  if (problem !== null) {
    throw new AppError('VALIDATION_FAILED', `body.newPassword: ${problem}`, {
      issues: [{ field: 'body.newPassword', message: problem }],
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  const ended = await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, user.id));
    const revoked = await tx
      .update(sessions)
      .set({ revokedAt: new Date(), revokedReason: 'password_changed' })
      .where(and(eq(sessions.userId, user.id), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id, lastUsedAt: sessions.lastUsedAt });
    ctx.userCache.invalidate(user.id);
    await recordAudit(tx, {
      action: 'auth.password_changed',
      actorId: user.id,
      subjectUserId: user.id,
      ip: opts.ip,
    });
    return revoked;
  });
  // Every access token of the old sessions stops working now, and the user's open streams close.
  // The calling token first: endFamilies then tells every instance (which drops its cached verdicts).
  if (opts.access?.jti !== undefined && opts.access.exp !== undefined) {
    await ctx.blacklist.add(opts.access.jti, opts.access.exp);
  }
  await endFamilies(ctx, user.id, ended);
  const tokens = await issueTokens({ ctx, userId: user.id, ip: opts.ip });
  return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresIn: tokens.expiresIn };
}
