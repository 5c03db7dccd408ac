import { AppError } from '@apiplay/core';
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { emailTokens } from '../../db/schema';
import { sha256 } from '../../lib/crypto';
import type { EmailTokenPurpose } from './issue-email-token';

/** Why a token was refused, for the audit row (the caller sees one message for all of them). */
export type TokenRefusal = 'unknown' | 'used' | 'expired';

export class EmailTokenRefused extends AppError {
  readonly reason: TokenRefusal;
  readonly userId: string | null;
  constructor(reason: TokenRefusal, userId: string | null) {
    super(
      'BAD_REQUEST',
      reason === 'expired'
        ? 'This link has expired; ask for a new one'
        : 'This link is invalid or was already used; ask for a new one',
      { reason },
    );
    this.reason = reason;
    this.userId = userId;
  }
}

/**
 * Spends an emailed token inside the caller's transaction: the conditional update lets exactly one of two
 * concurrent uses win. Throws `EmailTokenRefused` (400) for unknown, used or expired tokens.
 */
export async function consumeEmailToken(
  tx: Tx,
  token: string,
  purpose: EmailTokenPurpose,
  now = new Date(),
): Promise<{ userId: string; email: string }> {
  const rows = await tx
    .select()
    .from(emailTokens)
    .where(and(eq(emailTokens.tokenHash, sha256(token)), eq(emailTokens.purpose, purpose)))
    .limit(1);
  const row = rows[0];
  if (row === undefined) {
    throw new EmailTokenRefused('unknown', null);
  }
  if (row.usedAt !== null) {
    throw new EmailTokenRefused('used', row.userId);
  }
  if (row.expiresAt.getTime() <= now.getTime()) {
    throw new EmailTokenRefused('expired', row.userId);
  }
  const spent = await tx
    .update(emailTokens)
    .set({ usedAt: now })
    .where(and(eq(emailTokens.id, row.id), isNull(emailTokens.usedAt)))
    .returning({ id: emailTokens.id });
  if (spent.length === 0) {
    throw new EmailTokenRefused('used', row.userId);
  }
  return { userId: row.userId, email: row.email };
}
