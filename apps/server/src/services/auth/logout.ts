import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { refreshTokens, sessions } from '../../db/schema';
import { sha256 } from '../../lib/crypto';
import { recordAudit } from '../audit/record-audit';
import { type EndedFamily, endFamilies } from './end-families';

/**
 * Ends a session: revokes the refresh token's family (and with it every access token it minted) and blacklists
 * the presented access token until it expires; the user's open `/ws` streams are re-checked at once. Idempotent: unknown or already revoked tokens are not an error.
 */
export async function logout(opts: {
  ctx: AppContext;
  refreshToken?: string | undefined;
  access?: {
    userId: string;
    jti?: string | undefined;
    exp?: number | undefined;
    sid?: string | undefined;
  } | null;
  ip: string;
}): Promise<void> {
  const { ctx } = opts;
  let userId = opts.access?.userId ?? null;
  const ended: EndedFamily[] = [];
  if (opts.refreshToken !== undefined) {
    const rows = await ctx.db
      .select({ sessionId: refreshTokens.sessionId, userId: sessions.userId })
      .from(refreshTokens)
      .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
      .where(eq(refreshTokens.tokenHash, sha256(opts.refreshToken)))
      .limit(1);
    const row = rows[0];
    if (row !== undefined) {
      userId ??= row.userId;
      const revoked = await ctx.db
        .update(sessions)
        .set({ revokedAt: new Date(), revokedReason: 'logout' })
        .where(and(eq(sessions.id, row.sessionId), isNull(sessions.revokedAt)))
        .returning({ id: sessions.id, lastUsedAt: sessions.lastUsedAt });
      ended.push(...revoked);
    }
  }
  if (opts.access?.sid !== undefined && opts.access.userId !== undefined) {
    // Logging out with only the access token still ends its family (the browser's refresh token is a cookie).
    const revoked = await ctx.db
      .update(sessions)
      .set({ revokedAt: new Date(), revokedReason: 'logout' })
      .where(
        and(
          eq(sessions.id, opts.access.sid),
          eq(sessions.userId, opts.access.userId),
          isNull(sessions.revokedAt),
        ),
      )
      .returning({ id: sessions.id, lastUsedAt: sessions.lastUsedAt });
    ended.push(...revoked);
  }
  if (opts.access?.jti !== undefined && opts.access.exp !== undefined) {
    await ctx.blacklist.add(opts.access.jti, opts.access.exp);
  }
  if (userId !== null) {
    await endFamilies(ctx, userId, ended);
    await recordAudit(ctx.db, { action: 'auth.logout', actorId: userId, subjectUserId: userId, ip: opts.ip });
  }
}
