import { AppError } from '@apiplay/core';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import type { DbOrTx } from '../../db/client';
import { invitations, users } from '../../db/schema';
import { isEnvAdmin } from '../admin/env-admins';

/**
 * Applies the sign-up policy to a new account's email. The first account of an empty instance and addresses in
 * ADMIN_EMAILS may always sign up (someone must be able to set the instance up). `invite-only` accepts addresses
 * with a pending, unexpired invitation; `domains` the allowed email domains.
 */
export async function checkSignupAllowed(
  ctx: Pick<AppContext, 'settings' | 'config' | 'db'>,
  email: string,
  /** The transaction the account is created in, when there is one (PGlite has a single connection). */
  db: DbOrTx = ctx.db,
): Promise<void> {
  const settings = await ctx.settings.get();
  if (settings.signupPolicy === 'open' || isEnvAdmin(ctx, email)) {
    return;
  }
  const [anyUser] = await db.select({ one: sql<number>`1` }).from(users).limit(1);
  if (anyUser === undefined) {
    return;
  }
  if (settings.signupPolicy === 'domains') {
    const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
    if (!settings.allowedEmailDomains.includes(domain)) {
      throw new AppError(
        'FORBIDDEN',
        `Sign-up is limited to addresses at ${settings.allowedEmailDomains.join(', ')}`,
        {
          field: 'body.email',
          policy: 'domains',
        },
      );
    }
    return;
  }
  const [invited] = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        eq(invitations.email, email),
        isNull(invitations.acceptedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    )
    .limit(1);
  if (invited === undefined) {
    throw new AppError('FORBIDDEN', 'Sign-up on this instance is by invitation only', {
      field: 'body.email',
      policy: 'invite-only',
    });
  }
}
