import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { emailTokens } from '../../db/schema';
import { randomToken, sha256 } from '../../lib/crypto';

export type EmailTokenPurpose = 'password_reset' | 'email_verification';

/** How long an emailed link works. */
export const EMAIL_TOKEN_TTL_MS: Record<EmailTokenPurpose, number> = {
  password_reset: 60 * 60 * 1000,
  email_verification: 24 * 60 * 60 * 1000,
};

const PREFIX: Record<EmailTokenPurpose, string> = { password_reset: 'prt_', email_verification: 'evt_' };

/**
 * Mints a single-use emailed token (stored as sha256) and retires the user's earlier unused ones of the same
 * purpose, so only the newest link works.
 */
export async function issueEmailToken(
  db: DbOrTx,
  o: { userId: string; email: string; purpose: EmailTokenPurpose; now?: Date },
): Promise<string> {
  const now = o.now ?? new Date();
  await db
    .update(emailTokens)
    .set({ usedAt: now })
    .where(
      and(eq(emailTokens.userId, o.userId), eq(emailTokens.purpose, o.purpose), isNull(emailTokens.usedAt)),
    );
  const token = `${PREFIX[o.purpose]}${randomToken(32)}`;
  await db.insert(emailTokens).values({
    userId: o.userId,
    purpose: o.purpose,
    tokenHash: sha256(token),
    email: o.email,
    expiresAt: new Date(now.getTime() + EMAIL_TOKEN_TTL_MS[o.purpose]),
  });
  return token;
}
