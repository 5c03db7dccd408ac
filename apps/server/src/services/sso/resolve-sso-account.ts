import { AppError } from '@apiplay/core';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { userIdentities, users } from '../../db/schema';
import type { ProviderAccount, SsoProvider } from '../../infra/sso/providers';
import type { UserRow } from '../../presenters/users';
import { ensureFirstAdmin } from '../admin/ensure-first-admin';
import { isEnvAdmin } from '../admin/env-admins';
import { recordAudit } from '../audit/record-audit';
import { checkSignupAllowed } from '../settings/check-signup-allowed';
import { createWorkspace } from '../workspaces/create-workspace';

/** Why an account could not be resolved; the route answers 403 and the audit row keeps the reason. */
export class SsoAccountRefused extends AppError {
  readonly reason: string;
  constructor(reason: string, message: string) {
    super('FORBIDDEN', message, { reason });
    this.reason = reason;
  }
}

function domainAllowed(email: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) {
    return true;
  }
  const domain = email.slice(email.lastIndexOf('@') + 1);
  return allowed.includes(domain);
}

function displayName(account: ProviderAccount, email: string): string {
  const name = account.name?.trim().slice(0, 100);
  return name !== undefined && name.length > 0 ? name : email.slice(0, email.indexOf('@')).slice(0, 100);
}

/**
 * The user a provider account signs in as, in one transaction: the linked account; else the account with the
 * same (provider-verified) email, which gets linked; else a new account with its personal workspace. An
 * unverified email never links or creates anything. `created` tells the caller to seed the new workspace.
 */
export async function resolveSsoAccount(opts: {
  ctx: AppContext;
  provider: SsoProvider;
  account: ProviderAccount;
  ip: string;
}): Promise<{ user: UserRow; created: { workspaceId: string } | null }> {
  const { ctx, provider, account } = opts;
  return ctx.db.transaction(async (tx) => {
    const linked = await tx
      .select({ user: users })
      .from(userIdentities)
      .innerJoin(users, eq(users.id, userIdentities.userId))
      .where(and(eq(userIdentities.provider, provider.id), eq(userIdentities.subject, account.subject)))
      .limit(1);
    const known = linked[0]?.user;
    if (known !== undefined) {
      await tx
        .update(userIdentities)
        .set({ lastSignInAt: new Date() })
        .where(and(eq(userIdentities.provider, provider.id), eq(userIdentities.subject, account.subject)));
      return { user: known, created: null };
    }
    const email = account.email;
    if (email === null || !account.emailVerified) {
      throw new SsoAccountRefused(
        'email_unverified',
        `${provider.name} did not confirm a verified email address for this account`,
      );
    }
    if (!domainAllowed(email, provider.allowedDomains)) {
      throw new SsoAccountRefused(
        'domain_not_allowed',
        `Addresses at ${email.split('@')[1]} may not sign in here`,
      );
    }
    const sameEmail = await tx.select().from(users).where(eq(users.email, email)).limit(1);
    const existing = sameEmail[0];
    const now = new Date();
    if (existing !== undefined) {
      await tx
        .insert(userIdentities)
        .values({ userId: existing.id, provider: provider.id, subject: account.subject, email });
      if (existing.emailVerifiedAt === null) {
        await tx.update(users).set({ emailVerifiedAt: now, updatedAt: now }).where(eq(users.id, existing.id));
      }
      await recordAudit(tx, {
        action: 'auth.sso_linked',
        actorId: existing.id,
        subjectUserId: existing.id,
        ip: opts.ip,
        meta: { provider: provider.id },
      });
      return { user: { ...existing, emailVerifiedAt: existing.emailVerifiedAt ?? now }, created: null };
    }
    // A new account: the instance's sign-up policy applies to single sign-on as to passwords.
    try {
      await checkSignupAllowed(ctx, email, tx);
    } catch (error) {
      throw error instanceof AppError ? new SsoAccountRefused('signup_not_allowed', error.message) : error;
    }
    const [inserted] = await tx
      .insert(users)
      .values({
        email,
        name: displayName(account, email),
        passwordHash: null,
        emailVerifiedAt: now,
        isAdmin: isEnvAdmin(ctx, email),
      })
      .returning();
    if (inserted === undefined) {
      throw new Error('user insert returned nothing');
    }
    await ensureFirstAdmin(tx);
    const [user = inserted] = await tx.select().from(users).where(eq(users.id, inserted.id));
    await tx
      .insert(userIdentities)
      .values({ userId: user.id, provider: provider.id, subject: account.subject, email });
    const ws = await createWorkspace({
      db: tx,
      userId: user.id,
      name: `${user.name}'s workspace`,
      kind: 'personal',
    });
    await recordAudit(tx, {
      action: 'auth.register',
      actorId: user.id,
      subjectUserId: user.id,
      ip: opts.ip,
      meta: { provider: provider.id },
    });
    return { user, created: { workspaceId: ws.id } };
  });
}
