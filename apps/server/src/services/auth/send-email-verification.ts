import { AppError } from '@apiplay/core';
import type { AppContext } from '../../context';
import { recordAudit } from '../audit/record-audit';
import { sendMail } from '../mail/send-mail';
import { verificationMail } from '../mail/templates';
import { enforceRateLimit } from './enforce-rate-limit';
import { getUser } from './get-user';
import { issueEmailToken } from './issue-email-token';

/** Emails the signed-in user a single-use link (24 h) that proves they read their address. */
export async function sendEmailVerification(opts: {
  ctx: AppContext;
  userId: string;
  ip: string;
}): Promise<{ sent: boolean }> {
  const { ctx } = opts;
  const user = await getUser({ db: ctx.db, userId: opts.userId, cache: ctx.userCache });
  if (user.emailVerifiedAt !== null) {
    throw new AppError('CONFLICT', 'This address is already verified');
  }
  await enforceRateLimit({
    limiter: ctx.rateLimiter,
    key: `verify:user:${user.id}`,
    limit: 5,
    windowMs: 60 * 60_000,
  });
  const token = await issueEmailToken(ctx.db, {
    userId: user.id,
    email: user.email,
    purpose: 'email_verification',
  });
  const link = `${ctx.config.publicUrl}/verify-email#token=${token}`;
  const sent = await sendMail({
    ctx,
    mail: verificationMail({ to: user.email, link }),
    purpose: 'email_verification',
    actorId: user.id,
  });
  await recordAudit(ctx.db, {
    action: 'auth.email_verification_sent',
    actorId: user.id,
    subjectUserId: user.id,
    ip: opts.ip,
    meta: { sent },
  });
  return { sent };
}
