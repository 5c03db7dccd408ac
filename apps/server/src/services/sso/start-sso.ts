import { AppError } from '@apiplay/core';
import { lt } from 'drizzle-orm';
import * as oidc from 'openid-client';
import type { AppContext } from '../../context';
import { signInFlows } from '../../db/schema';
import { ProviderUnavailableError } from '../../infra/sso/providers';
import { randomToken, sha256 } from '../../lib/crypto';
import { recordAudit } from '../audit/record-audit';
import { enforceRateLimit } from '../auth/enforce-rate-limit';

/** A sign-in attempt must come back from the provider within this time. */
export const SIGN_IN_FLOW_TTL_MS = 10 * 60_000;

/** A path on this site, or `/`: an open redirect must not come out of the sign-in flow. */
export function safeReturnTo(value: string | undefined): string {
  if (value === undefined || !/^\/(?![/\\])[\x21-\x7e]*$/.test(value)) {
    return '/';
  }
  return value;
}

/** The redirect URI registered at the provider for `provider`. */
export function callbackUrl(ctx: Pick<AppContext, 'config'>, provider: string): string {
  return `${ctx.config.publicUrl}/api/auth/sso/${provider}/callback`;
}

/**
 * Starts "Sign in with …": stores the attempt (state hashed, nonce, PKCE verifier, a hash of the browser
 * binding) and returns the provider's authorization URL plus the binding the route sets as a cookie.
 */
export async function startSso(opts: {
  ctx: AppContext;
  provider: string;
  returnTo?: string | undefined;
  ip: string;
}): Promise<{ url: string; browserToken: string }> {
  const { ctx } = opts;
  // Every start stores a row: counted per address like sign-in attempts.
  await enforceRateLimit({
    limiter: ctx.rateLimiter,
    key: `sso:ip:${opts.ip}`,
    limit: ctx.config.authRateLimit.perIp,
    windowMs: 60_000,
  });
  const provider = ctx.sso.get(opts.provider);
  if (provider === undefined) {
    await recordAudit(ctx.db, {
      action: 'auth.sso_failed',
      ip: opts.ip,
      meta: { provider: opts.provider.slice(0, 40), reason: 'unknown_provider' },
    });
    throw new AppError('NOT_FOUND', `No sign-in provider "${opts.provider.slice(0, 40)}" is configured`);
  }
  const secrets = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier: oidc.randomPKCECodeVerifier(),
  };
  let url: URL;
  try {
    url = await provider.authorizationUrl(callbackUrl(ctx, provider.id), secrets);
  } catch (error) {
    if (error instanceof ProviderUnavailableError) {
      throw new AppError('UPSTREAM_FAILED', `${provider.name} cannot be reached; try again later`);
    }
    throw error;
  }
  // Abandoned attempts are useless once expired; each start sweeps the older ones (indexed on expires_at).
  await ctx.db
    .delete(signInFlows)
    .where(lt(signInFlows.expiresAt, new Date(Date.now() - SIGN_IN_FLOW_TTL_MS)));
  const browserToken = randomToken(24);
  await ctx.db.insert(signInFlows).values({
    provider: provider.id,
    stateHash: sha256(secrets.state),
    browserHash: sha256(browserToken),
    nonce: secrets.nonce,
    codeVerifier: secrets.codeVerifier,
    returnTo: safeReturnTo(opts.returnTo),
    expiresAt: new Date(Date.now() + SIGN_IN_FLOW_TTL_MS),
  });
  return { url: url.toString(), browserToken };
}
