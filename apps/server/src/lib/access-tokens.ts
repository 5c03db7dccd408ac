import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

/** Access-token lifetime: 15 minutes. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = 'apiplay';
const AUDIENCE = 'apiplay-api';

export interface AccessClaims {
  userId: string;
  jti: string;
  /** Expiry, seconds since epoch. */
  exp: number;
  /** The refresh-token family (session) that minted it: revoking the family blacklists this id. */
  sid?: string;
}

/**
 * HS256 JWTs. Verification pins the algorithm (so `alg: none` and algorithm swaps fail), issuer and audience.
 * Verified tokens are cached until expiry: verification is a pure function of the token, so caching it cannot
 * let a revoked token through — the blacklist is checked separately on every request.
 */
export class AccessTokens {
  readonly #secret: Uint8Array;
  readonly #cache = new Map<string, AccessClaims>();
  readonly #cacheMax = 10_000;

  constructor(secret: Uint8Array) {
    this.#secret = secret;
  }

  async sign(
    userId: string,
    now = Date.now(),
    sessionId?: string,
  ): Promise<{ token: string; claims: AccessClaims }> {
    const jti = randomUUID();
    const iat = Math.floor(now / 1000);
    const exp = iat + ACCESS_TOKEN_TTL_SECONDS;
    const token = await new SignJWT(sessionId === undefined ? {} : { sid: sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setJti(jti)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.#secret);
    return {
      token,
      claims: { userId, jti, exp, ...(sessionId === undefined ? {} : { sid: sessionId }) },
    };
  }

  /** Returns the claims, or null for anything invalid (bad signature, expired, wrong alg, malformed). */
  async verify(token: string, now = Date.now()): Promise<AccessClaims | null> {
    const cached = this.#cache.get(token);
    if (cached !== undefined) {
      if (cached.exp * 1000 > now) {
        return cached;
      }
      this.#cache.delete(token);
      return null;
    }
    try {
      const { payload } = await jwtVerify(token, this.#secret, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: new Date(now),
      });
      if (
        typeof payload.sub !== 'string' ||
        typeof payload.jti !== 'string' ||
        typeof payload.exp !== 'number'
      ) {
        return null;
      }
      const claims: AccessClaims = { userId: payload.sub, jti: payload.jti, exp: payload.exp };
      if (typeof payload.sid === 'string') {
        claims.sid = payload.sid;
      }
      if (this.#cache.size >= this.#cacheMax) {
        this.#cache.clear();
      }
      this.#cache.set(token, claims);
      return claims;
    } catch (e) {
      if (e instanceof errors.JOSEError) {
        return null;
      }
      throw e;
    }
  }
}
