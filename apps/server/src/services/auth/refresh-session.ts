import { AppError } from '@apiplay/core';
import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { refreshTokens, sessions, users } from '../../db/schema';
import { ACCESS_TOKEN_TTL_SECONDS } from '../../lib/access-tokens';
import { sha256 } from '../../lib/crypto';
import { recordAudit } from '../audit/record-audit';
import { endFamilies } from './end-families';
import { type IssuedTokens, mintRefreshToken } from './issue-tokens';

const invalid = () => new AppError('UNAUTHORIZED', 'Invalid or expired refresh token');

/**
 * Rotates a refresh token: the presented one is spent and a new one in the same family is returned with a fresh
 * access token. Presenting a spent token means it leaked (or a client raced itself): the whole family is revoked.
 */
export async function refreshSession(opts: {
  ctx: AppContext;
  refreshToken: string;
  ip: string;
}): Promise<IssuedTokens> {
  const { ctx } = opts;
  const now = new Date();
  const outcome = await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: refreshTokens.id,
        sessionId: refreshTokens.sessionId,
        expiresAt: refreshTokens.expiresAt,
        usedAt: refreshTokens.usedAt,
        revokedAt: sessions.revokedAt,
        userId: sessions.userId,
        active: users.active,
      })
      .from(refreshTokens)
      .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(refreshTokens.tokenHash, sha256(opts.refreshToken)))
      .limit(1);
    const row = rows[0];
    if (row === undefined || row.revokedAt !== null || !row.active) {
      return { kind: 'invalid' as const };
    }
    if (row.usedAt !== null) {
      await tx
        .update(sessions)
        .set({ revokedAt: now, revokedReason: 'refresh_reuse' })
        .where(eq(sessions.id, row.sessionId));
      await recordAudit(tx, {
        action: 'auth.refresh_reuse',
        subjectUserId: row.userId,
        ip: opts.ip,
        targetType: 'session',
        targetId: row.sessionId,
      });
      return { kind: 'reuse' as const, userId: row.userId, sessionId: row.sessionId };
    }
    if (row.expiresAt <= now) {
      return { kind: 'invalid' as const };
    }
    // Conditional update: of two concurrent refreshes with the same token only one wins; the other is re-use.
    const spent = await tx
      .update(refreshTokens)
      .set({ usedAt: now })
      .where(and(eq(refreshTokens.id, row.id), isNull(refreshTokens.usedAt)))
      .returning({ id: refreshTokens.id });
    if (spent.length === 0) {
      await tx
        .update(sessions)
        .set({ revokedAt: now, revokedReason: 'refresh_reuse' })
        .where(eq(sessions.id, row.sessionId));
      return { kind: 'reuse' as const, userId: row.userId, sessionId: row.sessionId };
    }
    await tx.update(sessions).set({ lastUsedAt: now }).where(eq(sessions.id, row.sessionId));
    const refreshToken = await mintRefreshToken(tx, row.sessionId, now);
    return { kind: 'ok' as const, refreshToken, userId: row.userId, sessionId: row.sessionId };
  });
  if (outcome.kind === 'reuse') {
    // The token leaked (or a client raced itself): every access token of the family ends now, not in 15 minutes.
    await endFamilies(ctx, outcome.userId, [{ id: outcome.sessionId, lastUsedAt: now }]);
  }
  if (outcome.kind !== 'ok') {
    throw invalid();
  }
  const { token } = await ctx.accessTokens.sign(outcome.userId, Date.now(), outcome.sessionId);
  return { accessToken: token, refreshToken: outcome.refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}
