import type { TPasswordResetRequest } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { users } from '../../db/schema';
import { recordAudit } from '../audit/record-audit';
import { sendMail } from '../mail/send-mail';
import { passwordResetMail } from '../mail/templates';
import { enforceRateLimit } from './enforce-rate-limit';
import { issueEmailToken } from './issue-email-token';

/** The answer for every address, known or not. */
export const RESET_REQUESTED_MESSAGE =
  'If an account uses this address, a link to choose a new password is on its way (valid for one hour).';

/**
 * Emails a single-use reset link (valid 1 h) to an active account with this address. Answers the same whatever
 * the address, and sends behind the reply so the answer takes as long for unknown addresses as for known ones.
 * Returns the sending promise (tests and shutdown may wait for it).
 */
export async function requestPasswordReset(opts: {
  ctx: AppContext;
  input: TPasswordResetRequest;
  ip: string;
}): Promise<{ message: string; delivery: Promise<void> }> {
  const { ctx, input } = opts;
  await enforceRateLimit({
    limiter: ctx.rateLimiter,
    key: `reset:ip:${opts.ip}`,
    limit: ctx.config.authRateLimit.perIp,
    windowMs: 60_000,
  });
  const delivery = (async () => {
    const rows = await ctx.db.select().from(users).where(eq(users.email, input.email)).limit(1);
    const user = rows[0];
    if (user === undefined || !user.active) {
      await recordAudit(ctx.db, {
        action: 'auth.password_reset_requested',
        subjectUserId: user?.id ?? null,
        ip: opts.ip,
        meta: { email: input.email, sent: false, reason: user === undefined ? 'unknown_email' : 'inactive' },
      });
      return;
    }
    // Per account as well as per IP: nobody can flood someone's inbox from many addresses.
    const perAccount = await ctx.rateLimiter.hit(`reset:user:${user.id}`, 5, 60 * 60_000);
    if (!perAccount.allowed) {
      return;
    }
    const token = await issueEmailToken(ctx.db, {
      userId: user.id,
      email: user.email,
      purpose: 'password_reset',
    });
    const link = `${ctx.config.publicUrl}/reset-password#token=${token}`;
    const sent = await sendMail({
      ctx,
      mail: passwordResetMail({ to: user.email, link }),
      purpose: 'password_reset',
    });
    await recordAudit(ctx.db, {
      action: 'auth.password_reset_requested',
      subjectUserId: user.id,
      ip: opts.ip,
      meta: { sent },
    });
  })().catch(() => undefined);
  return { message: RESET_REQUESTED_MESSAGE, delivery };
}
