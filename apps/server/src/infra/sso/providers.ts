import * as oidc from 'openid-client';
import type { AppConfig } from '../../config/env';

/** What a provider vouches for after a successful callback. */
export interface ProviderAccount {
  /** Stable account id at the provider (`sub`, GitHub's numeric id). */
  subject: string;
  email: string | null;
  /** The provider says the user controls `email` (OIDC `email_verified`, GitHub's verified primary address). */
  emailVerified: boolean;
  name: string | null;
}

/** The secrets one sign-in attempt needs back at the callback. */
export interface FlowSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** A sign-in provider: builds the authorization URL and turns the callback into a verified account. */
export interface SsoProvider {
  id: 'oidc' | 'github';
  name: string;
  /** Email domains allowed to sign in (empty: any). */
  allowedDomains: readonly string[];
  authorizationUrl(redirectUri: string, secrets: FlowSecrets): Promise<URL>;
  /** Exchanges the code (PKCE verifier, state, and for OIDC the ID token's nonce and signature are checked). */
  finish(callbackUrl: URL, secrets: FlowSecrets): Promise<ProviderAccount>;
}

/** Thrown when the provider cannot be reached or answers nonsense; the route answers 502 naming the provider. */
export class ProviderUnavailableError extends Error {}

/** http:// issuers are allowed (a LAN or loopback IdP); openid-client refuses them unless told. */
function insecureIfHttp(url: string): { execute?: Array<(c: oidc.Configuration) => void> } {
  return new URL(url).protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {};
}

async function authorizationParams(redirectUri: string, s: FlowSecrets): Promise<Record<string, string>> {
  return {
    redirect_uri: redirectUri,
    state: s.state,
    code_challenge: await oidc.calculatePKCECodeChallenge(s.codeVerifier),
    code_challenge_method: 'S256',
  };
}

function oidcProvider(cfg: NonNullable<AppConfig['oidc']>): SsoProvider {
  // Discovery happens on first use and is retried after a failure (the IdP may boot after us).
  let discovered: Promise<oidc.Configuration> | null = null;
  const configuration = (): Promise<oidc.Configuration> => {
    discovered ??= oidc
      .discovery(
        new URL(cfg.issuerUrl),
        cfg.clientId,
        cfg.clientSecret,
        undefined,
        insecureIfHttp(cfg.issuerUrl),
      )
      .catch((error: unknown) => {
        discovered = null;
        throw new ProviderUnavailableError(`OIDC discovery failed: ${(error as Error).message}`);
      });
    return discovered;
  };
  return {
    id: 'oidc',
    name: cfg.displayName,
    allowedDomains: cfg.allowedDomains,
    async authorizationUrl(redirectUri, secrets) {
      const config = await configuration();
      return oidc.buildAuthorizationUrl(config, {
        ...(await authorizationParams(redirectUri, secrets)),
        scope: 'openid email profile',
        nonce: secrets.nonce,
      });
    },
    async finish(callbackUrl, secrets) {
      const config = await configuration();
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: secrets.codeVerifier,
        expectedState: secrets.state,
        expectedNonce: secrets.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (claims === undefined) {
        throw new ProviderUnavailableError('the provider returned no ID token');
      }
      let email = typeof claims.email === 'string' ? claims.email : null;
      let verified = claims.email_verified === true;
      let name = typeof claims.name === 'string' ? claims.name : null;
      if (email === null) {
        // Some providers put the email only in userinfo (the ID token stays minimal).
        const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
        email = typeof info.email === 'string' ? info.email : null;
        verified = info.email_verified === true;
        name ??= typeof info.name === 'string' ? info.name : null;
      }
      return { subject: claims.sub, email: email?.toLowerCase() ?? null, emailVerified: verified, name };
    },
  };
}

interface GitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

function githubProvider(cfg: NonNullable<AppConfig['github']>): SsoProvider {
  const base = cfg.baseUrl;
  const api = base === 'https://github.com' ? 'https://api.github.com' : `${base}/api/v3`;
  // GitHub is OAuth 2 without discovery or ID tokens: the endpoints are fixed, the account comes from its API.
  const config = new oidc.Configuration(
    {
      issuer: base,
      authorization_endpoint: `${base}/login/oauth/authorize`,
      token_endpoint: `${base}/login/oauth/access_token`,
    },
    cfg.clientId,
    cfg.clientSecret,
  );
  if (base.startsWith('http:')) {
    oidc.allowInsecureRequests(config);
  }
  const getJson = async (accessToken: string, path: string): Promise<unknown> => {
    const res = await oidc.fetchProtectedResource(config, accessToken, new URL(`${api}${path}`), 'GET');
    if (!res.ok) {
      throw new ProviderUnavailableError(`GitHub ${path} answered HTTP ${res.status}`);
    }
    return res.json();
  };
  return {
    id: 'github',
    name: 'GitHub',
    allowedDomains: [],
    async authorizationUrl(redirectUri, secrets) {
      return oidc.buildAuthorizationUrl(config, {
        ...(await authorizationParams(redirectUri, secrets)),
        scope: 'read:user user:email',
      });
    },
    async finish(callbackUrl, secrets) {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: secrets.codeVerifier,
        expectedState: secrets.state,
      });
      const user = (await getJson(tokens.access_token, '/user')) as { id?: unknown; name?: unknown };
      if (typeof user.id !== 'number' && typeof user.id !== 'string') {
        throw new ProviderUnavailableError('GitHub /user has no id');
      }
      const emails = (await getJson(tokens.access_token, '/user/emails')) as GitHubEmail[];
      const primary = Array.isArray(emails) ? emails.find((e) => e.primary && e.verified) : undefined;
      return {
        subject: String(user.id),
        email: primary?.email.toLowerCase() ?? null,
        emailVerified: primary !== undefined,
        name: typeof user.name === 'string' ? user.name : null,
      };
    },
  };
}

/** The providers configured for this instance, in button order. */
export function createSsoProviders(config: AppConfig): ReadonlyMap<string, SsoProvider> {
  const providers = new Map<string, SsoProvider>();
  if (config.oidc !== undefined) {
    providers.set('oidc', oidcProvider(config.oidc));
  }
  if (config.github !== undefined) {
    providers.set('github', githubProvider(config.github));
  }
  return providers;
}
