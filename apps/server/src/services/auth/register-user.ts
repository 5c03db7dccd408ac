import { AppError, type TAuthResponse, type TRegisterRequest } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { users } from '../../db/schema';
import { seedPersonalWorkspace } from '../../db/seed';
import { hashPassword, passwordProblem } from '../../lib/passwords';
import { presentUser } from '../../presenters/users';
import { ensureFirstAdmin } from '../admin/ensure-first-admin';
import { isEnvAdmin } from '../admin/env-admins';
import { recordAudit } from '../audit/record-audit';
import { checkSignupAllowed } from '../settings/check-signup-allowed';
import { createWorkspace } from '../workspaces/create-workspace';
import { enforceRateLimit } from './enforce-rate-limit';
import { issueTokens } from './issue-tokens';
import { passwordSignInEnabled } from './password-sign-in-enabled';
import { sendEmailVerification } from './send-email-verification';

/** Creates an account and its personal workspace, and signs the user in. */
export async function registerUser(opts: {
  ctx: AppContext;
  input: TRegisterRequest;
  ip: string;
  userAgent?: string | undefined;
}): Promise<TAuthResponse & { refreshToken: string }> {
  const { ctx, input } = opts;
  if (!(await passwordSignInEnabled(ctx))) {
    throw new AppError('FORBIDDEN', 'Password sign-in is turned off on this instance; use single sign-on', {
      reason: 'password_sign_in_disabled',
    });
  }
  await enforceRateLimit({
    limiter: ctx.rateLimiter,
    key: `register:ip:${opts.ip}`,
    limit: ctx.config.authRateLimit.perIp,
    windowMs: 60_000,
  });
  await checkSignupAllowed(ctx, input.email);
  const problem = passwordProblem(input.password, { email: input.email, name: input.name });
  if (problem !== null) {
    throw new AppError('VALIDATION_FAILED', `body.password: ${problem}`, {
      issues: [{ field: 'body.password', message: problem }],
    });
  }
  const existing = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, input.email))
    .limit(1);
  if (existing.length > 0) {
    throw new AppError('CONFLICT', 'An account with this email already exists');
  }
  const passwordHash = await hashPassword(input.password);
  const { user, workspaceId } = await ctx.db.transaction(async (tx) => {
    const [u] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, passwordHash, isAdmin: isEnvAdmin(ctx, input.email) })
      .returning();
    if (u === undefined) {
      throw new Error('user insert returned nothing');
    }
    await ensureFirstAdmin(tx);
    const ws = await createWorkspace({
      db: tx,
      userId: u.id,
      name: `${input.name}'s workspace`,
      kind: 'personal',
    });
    await recordAudit(tx, { action: 'auth.register', actorId: u.id, subjectUserId: u.id, ip: opts.ip });
    const [fresh] = await tx.select().from(users).where(eq(users.id, u.id));
    return { user: fresh ?? u, workspaceId: ws.id };
  });
  await seedPersonalWorkspace({ ctx, userId: user.id, workspaceId });
  const tokens = await issueTokens({ ctx, userId: user.id, ip: opts.ip, userAgent: opts.userAgent });
  if (ctx.config.requireEmailVerification) {
    // Invitations wait for a verified address: the link goes out with the account (a failure is audited only).
    await sendEmailVerification({ ctx, userId: user.id, ip: opts.ip }).catch(() => undefined);
  }
  return {
    user: presentUser(user),
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresIn: tokens.expiresIn,
  };
}
