import { AppError, type TAuthResponse, type TLoginRequest } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { users } from '../../db/schema';
import { dummyPasswordHash, verifyPassword } from '../../lib/passwords';
import { presentUser } from '../../presenters/users';
import { syncEnvAdmin } from '../admin/env-admins';
import { recordAudit } from '../audit/record-audit';
import { enforceRateLimit } from './enforce-rate-limit';
import { issueTokens } from './issue-tokens';
import { passwordSignInEnabled } from './password-sign-in-enabled';

const ACCOUNT_WINDOW_MS = 15 * 60_000;
/**
 * Failed logins are counted per (account, IP) up to `perAccount`, and per account up to this many times more: a
 * stranger guessing from elsewhere locks out their own address long before the owner's network is refused.
 */
const ACCOUNT_WIDE_FACTOR = 10;

function lockedOut(retryAfterSeconds: number): AppError {
  return new AppError('RATE_LIMITED', 'Too many attempts; try again later', { retryAfterSeconds });
}

/**
 * Checks credentials and starts a new refresh-token family. Unknown email, wrong password and a disabled account
 * give the same error after the same amount of work (an argon2 verify either way).
 */
export async function login(opts: {
  ctx: AppContext;
  input: TLoginRequest;
  ip: string;
  userAgent?: string | undefined;
}): Promise<TAuthResponse & { refreshToken: string }> {
  const { ctx, input } = opts;
  if (!(await passwordSignInEnabled(ctx))) {
    throw new AppError('FORBIDDEN', 'Password sign-in is turned off on this instance; use single sign-on', {
      reason: 'password_sign_in_disabled',
    });
  }
  const limits = ctx.config.authRateLimit;
  await enforceRateLimit({
    limiter: ctx.rateLimiter,
    key: `login:ip:${opts.ip}`,
    limit: limits.perIp,
    windowMs: 60_000,
  });
  const fromHere = `login:fail:${input.email}:${opts.ip}`;
  const accountWide = `login:fail:${input.email}`;
  const [here, anywhere] = await Promise.all([
    ctx.rateLimiter.peek(fromHere),
    ctx.rateLimiter.peek(accountWide),
  ]);
  if (here.count >= limits.perAccount) {
    throw lockedOut(here.retryAfterSeconds);
  }
  if (anywhere.count >= limits.perAccount * ACCOUNT_WIDE_FACTOR) {
    throw lockedOut(anywhere.retryAfterSeconds);
  }
  const rows = await ctx.db.select().from(users).where(eq(users.email, input.email)).limit(1);
  const found = rows[0];
  // Accounts made by single sign-on have no password until a reset sets one: the dummy hash never matches.
  const ok = await verifyPassword(found?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (found === undefined || !ok || !found.active) {
    await ctx.rateLimiter.hit(fromHere, limits.perAccount, ACCOUNT_WINDOW_MS);
    await ctx.rateLimiter.hit(accountWide, limits.perAccount * ACCOUNT_WIDE_FACTOR, ACCOUNT_WINDOW_MS);
    await recordAudit(ctx.db, {
      action: 'auth.login_failed',
      subjectUserId: found?.id ?? null,
      ip: opts.ip,
      meta: {
        email: input.email,
        reason: found === undefined ? 'unknown_email' : ok ? 'inactive' : 'bad_password',
      },
    });
    throw new AppError('UNAUTHORIZED', 'Invalid email or password');
  }
  const user = await syncEnvAdmin(ctx, found);
  const tokens = await issueTokens({ ctx, userId: user.id, ip: opts.ip, userAgent: opts.userAgent });
  await recordAudit(ctx.db, {
    action: 'auth.login',
    actorId: user.id,
    subjectUserId: user.id,
    ip: opts.ip,
    targetType: 'session',
    targetId: tokens.sessionId,
  });
  return {
    user: presentUser(user),
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresIn: tokens.expiresIn,
  };
}
