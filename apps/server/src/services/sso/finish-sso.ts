import { AppError, type TAuthResponse } from '@apiplay/core';
import { and, eq, isNull } from 'drizzle-orm';
import * as oidc from 'openid-client';
import type { AppContext } from '../../context';
import { signInFlows } from '../../db/schema';
import { seedPersonalWorkspace } from '../../db/seed';
import { ProviderUnavailableError } from '../../infra/sso/providers';
import { sha256 } from '../../lib/crypto';
import { presentUser } from '../../presenters/users';
import { recordAudit } from '../audit/record-audit';
import { issueTokens } from '../auth/issue-tokens';
import { resolveSsoAccount, SsoAccountRefused } from './resolve-sso-account';
import { callbackUrl } from './start-sso';

/** A refused callback: 400 (or 403 from account rules), with the reason kept for the audit row. */
class SsoRefused extends AppError {
  readonly reason: string;
  constructor(reason: string, message: string) {
    super('BAD_REQUEST', message, { reason });
    this.reason = reason;
  }
}

/** openid-client's error codes → the reason the audit row keeps (the ID token's nonce, state, code…). */
function exchangeRefusal(error: unknown): SsoRefused {
  const code = (error as { code?: unknown }).code;
  // openid-client wraps oauth4webapi's error, whose message names the claim that did not match.
  const cause = error instanceof Error ? error.cause : undefined;
  const detail = cause instanceof Error ? cause.message : '';
  if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && /"nonce"/.test(detail)) {
    return new SsoRefused('nonce_mismatch', 'The ID token does not belong to this sign-in attempt');
  }
  if (error instanceof oidc.ResponseBodyError) {
    return new SsoRefused(
      `provider_${error.error}`.slice(0, 60),
      'The provider refused the authorization code',
    );
  }
  if (error instanceof oidc.AuthorizationResponseError) {
    return new SsoRefused(`provider_${error.error}`.slice(0, 60), 'The provider reported an error');
  }
  return new SsoRefused(
    typeof code === 'string' ? code.toLowerCase().slice(0, 60) : 'exchange_failed',
    'The provider’s answer could not be verified',
  );
}

/**
 * Completes "Sign in with …" at the callback: the flow must exist, be unused, unexpired, for this provider and
 * started by this browser; it is spent before the code is exchanged (a replay finds it used). The code, PKCE
 * verifier, state, and the ID token (signature, issuer, audience, expiry, nonce) are checked by openid-client.
 * Every refusal is a 4xx with an `auth.sso_failed` audit row; nothing is created before all checks pass.
 */
export async function finishSso(opts: {
  ctx: AppContext;
  provider: string;
  /** The callback's raw query string (`state=…&code=…`). */
  query: string;
  browserToken: string | undefined;
  ip: string;
  userAgent?: string | undefined;
}): Promise<TAuthResponse & { refreshToken: string; returnTo: string }> {
  const { ctx } = opts;
  const providerName = opts.provider.slice(0, 40);
  try {
    const provider = ctx.sso.get(opts.provider);
    if (provider === undefined) {
      throw new AppError('NOT_FOUND', `No sign-in provider "${providerName}" is configured`, {
        reason: 'unknown_provider',
      });
    }
    const params = new URLSearchParams(opts.query);
    const state = params.get('state');
    if (state === null || state === '') {
      throw new SsoRefused('missing_state', 'The sign-in answer has no state; start again');
    }
    const rows = await ctx.db
      .select()
      .from(signInFlows)
      .where(eq(signInFlows.stateHash, sha256(state)))
      .limit(1);
    const flow = rows[0];
    if (flow === undefined) {
      throw new SsoRefused('unknown_state', 'This sign-in attempt is unknown; start again');
    }
    if (flow.usedAt !== null) {
      throw new SsoRefused('replayed_state', 'This sign-in answer was already used; start again');
    }
    if (flow.expiresAt.getTime() <= Date.now()) {
      throw new SsoRefused('expired', 'This sign-in attempt has expired; start again');
    }
    if (flow.provider !== provider.id) {
      throw new SsoRefused('provider_mismatch', 'This sign-in attempt was for another provider');
    }
    if (opts.browserToken === undefined || sha256(opts.browserToken) !== flow.browserHash) {
      throw new SsoRefused('browser_mismatch', 'This sign-in attempt was started in another browser');
    }
    const spent = await ctx.db
      .update(signInFlows)
      .set({ usedAt: new Date() })
      .where(and(eq(signInFlows.id, flow.id), isNull(signInFlows.usedAt)))
      .returning({ id: signInFlows.id });
    if (spent.length === 0) {
      throw new SsoRefused('replayed_state', 'This sign-in answer was already used; start again');
    }
    let account: Awaited<ReturnType<typeof provider.finish>>;
    try {
      account = await provider.finish(new URL(`${callbackUrl(ctx, provider.id)}?${params.toString()}`), {
        state,
        nonce: flow.nonce,
        codeVerifier: flow.codeVerifier,
      });
    } catch (error) {
      if (error instanceof ProviderUnavailableError) {
        throw new AppError('UPSTREAM_FAILED', `${provider.name} cannot be reached; try again later`, {
          reason: 'provider_unavailable',
        });
      }
      throw exchangeRefusal(error);
    }
    const { user, created } = await resolveSsoAccount({ ctx, provider, account, ip: opts.ip });
    if (!user.active) {
      throw new SsoAccountRefused('inactive', 'This account is disabled');
    }
    if (created !== null) {
      await seedPersonalWorkspace({ ctx, userId: user.id, workspaceId: created.workspaceId });
    }
    const tokens = await issueTokens({ ctx, userId: user.id, ip: opts.ip, userAgent: opts.userAgent });
    await recordAudit(ctx.db, {
      action: 'auth.sso_login',
      actorId: user.id,
      subjectUserId: user.id,
      ip: opts.ip,
      targetType: 'session',
      targetId: tokens.sessionId,
      meta: { provider: provider.id },
    });
    return {
      user: presentUser(user),
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresIn: tokens.expiresIn,
      returnTo: flow.returnTo,
    };
  } catch (error) {
    if (error instanceof AppError) {
      const details = error.details as { reason?: unknown } | undefined;
      await recordAudit(ctx.db, {
        action: 'auth.sso_failed',
        ip: opts.ip,
        meta: {
          provider: providerName,
          reason: typeof details?.reason === 'string' ? details.reason : error.code,
        },
      });
    }
    throw error;
  }
}
