import type { TTokenPair } from '@apiplay/core';
import type { AppContext } from '../../context';
import type { DbOrTx } from '../../db/client';
import { refreshTokens, sessions } from '../../db/schema';
import { ACCESS_TOKEN_TTL_SECONDS } from '../../lib/access-tokens';
import { randomToken, sha256 } from '../../lib/crypto';

/** A token pair as services issue it: the refresh token is always there (routes decide how to hand it over). */
export type IssuedTokens = TTokenPair & { refreshToken: string };

/** Refresh-token lifetime: 7 days. */
export const REFRESH_TOKEN_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Mints an opaque refresh token in `sessionId`'s family (stored hashed). */
export async function mintRefreshToken(db: DbOrTx, sessionId: string, now = new Date()): Promise<string> {
  const token = `rt_${randomToken(32)}`;
  await db.insert(refreshTokens).values({
    sessionId,
    tokenHash: sha256(token),
    createdAt: now,
    expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS),
  });
  return token;
}

/** Starts a new refresh-token family (one per login/registration) and issues an access + refresh token pair. */
export async function issueTokens(opts: {
  ctx: AppContext;
  db?: DbOrTx;
  userId: string;
  ip?: string | undefined;
  userAgent?: string | undefined;
}): Promise<IssuedTokens & { sessionId: string }> {
  const db = opts.db ?? opts.ctx.db;
  const [session] = await db
    .insert(sessions)
    .values({ userId: opts.userId, ip: opts.ip ?? null, userAgent: opts.userAgent?.slice(0, 500) ?? null })
    .returning({ id: sessions.id });
  if (session === undefined) {
    throw new Error('session insert returned nothing');
  }
  const refreshToken = await mintRefreshToken(db, session.id);
  const { token } = await opts.ctx.accessTokens.sign(opts.userId, Date.now(), session.id);
  return { accessToken: token, refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, sessionId: session.id };
}
