// Test-only: a real OpenID Provider (`oidc-provider`, the certified Node implementation) on a loopback port, for
// the server's single sign-on tests, the engine's OAuth 2 flows and the browser end-to-end tests. Sign-in at the
// provider is automatic as `signInAs` (no login form to drive); consent is pre-granted (a first-party client).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type KoaContextWithOIDC, type ResponseType } from 'oidc-provider';

export interface TestAccount {
  sub: string;
  email: string;
  emailVerified?: boolean;
  name?: string;
}

export interface TestClient {
  clientId: string;
  clientSecret?: string;
  redirectUris: string[];
  /** Default: authorization code (+ refresh) and client credentials. */
  grantTypes?: string[];
  responseTypes?: ResponseType[];
  /** `none` for public clients (PKCE only). */
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post' | 'none';
  /** `native` lets an implicit client redirect to http://127.0.0.1 (web implicit clients need https). */
  applicationType?: 'web' | 'native';
}

export interface TestOidcProvider {
  issuer: string;
  /** Who the next interactive sign-in at the provider becomes. */
  signInAs(account: TestAccount): void;
  provider: Provider;
  close(): Promise<void>;
}

const SCOPES = ['openid', 'email', 'profile', 'offline_access', 'api:read'];

/** Starts the provider on 127.0.0.1:<free port>. */
export async function startOidcProvider(opts: {
  clients: TestClient[];
  account?: TestAccount;
  /** Access token lifetime in seconds (default 3600). */
  accessTokenTtl?: number;
}): Promise<TestOidcProvider> {
  let current: TestAccount = opts.account ?? { sub: 'alice', email: 'alice@example.test', name: 'Alice' };
  const accounts = new Map<string, TestAccount>();
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config: Configuration = {
    clients: opts.clients.map((c) => ({
      client_id: c.clientId,
      ...(c.clientSecret === undefined ? {} : { client_secret: c.clientSecret }),
      redirect_uris: c.redirectUris,
      grant_types: c.grantTypes ?? ['authorization_code', 'refresh_token', 'client_credentials'],
      response_types: c.responseTypes ?? ['code'],
      token_endpoint_auth_method: c.tokenEndpointAuthMethod ?? 'client_secret_basic',
      application_type: c.applicationType ?? 'web',
    })),
    responseTypes: ['code', 'id_token token', 'none'],
    scopes: SCOPES,
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // Opaque access tokens for the client credentials grant and api:read, checked at /me (userinfo).
      resourceIndicators: { enabled: false },
    },
    pkce: { required: () => false },
    ttl: {
      AccessToken: opts.accessTokenTtl ?? 3600,
      ClientCredentials: opts.accessTokenTtl ?? 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 86_400,
      Interaction: 600,
      Grant: 86_400,
      Session: 86_400,
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const a = accounts.get(sub);
      if (a === undefined) {
        return undefined;
      }
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: a.email,
          email_verified: a.emailVerified ?? true,
          ...(a.name === undefined ? {} : { name: a.name }),
        }),
      };
    },
    // A first-party client: every scope it asks for is granted without a consent screen.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const client = ctx.oidc.client;
      const session = ctx.oidc.session;
      if (client === undefined || session?.accountId === undefined) {
        return undefined;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(SCOPES.join(' '));
      grant.addOIDCClaims(['email', 'email_verified', 'name']);
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, config);
  const handle = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith('/interaction/') === true) {
      void (async () => {
        try {
          accounts.set(current.sub, current);
          const details = await provider.interactionDetails(req, res);
          if (details.prompt.name === 'consent') {
            // Native clients are asked every time (the provider's policy): grant what they ask for.
            const grant = new provider.Grant({
              accountId: details.session?.accountId ?? current.sub,
              clientId: String(details.params.client_id),
            });
            grant.addOIDCScope(SCOPES.join(' '));
            grant.addOIDCClaims(['email', 'email_verified', 'name']);
            const grantId = await grant.save();
            await provider.interactionFinished(
              req,
              res,
              { consent: { grantId } },
              { mergeWithLastSubmission: true },
            );
            return;
          }
          await provider.interactionFinished(
            req,
            res,
            { login: { accountId: current.sub } },
            {
              mergeWithLastSubmission: false,
            },
          );
        } catch (error) {
          res.statusCode = 400;
          res.end(String(error));
        }
      })();
      return;
    }
    handle(req, res);
  });
  return {
    issuer,
    provider,
    signInAs(account) {
      current = account;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Cookies by name for one simulated browser (the provider and the app both live on 127.0.0.1/app.test). */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  take(setCookie: string | string[] | undefined): void {
    for (const line of typeof setCookie === 'string' ? [setCookie] : (setCookie ?? [])) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair !== undefined && eq > 0) {
        const value = pair.slice(eq + 1);
        const name = pair.slice(0, eq).trim();
        if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) {
          this.cookies.delete(name);
        } else {
          this.cookies.set(name, value);
        }
      }
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Follows the provider's redirects (real HTTP, cookies kept) from an authorization URL until it sends the browser
 * back to `callbackPrefix`; returns that callback URL.
 */
export async function followProvider(start: string, jar: CookieJar, callbackPrefix: string): Promise<URL> {
  let url = start;
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(callbackPrefix)) {
      return new URL(url);
    }
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(res.headers.getSetCookie());
    const location = res.headers.get('location');
    if (location === null) {
      throw new Error(`provider stopped at ${url}: HTTP ${res.status} ${await res.text()}`);
    }
    await res.body?.cancel();
    url = new URL(location, url).toString();
  }
  throw new Error('too many redirects at the provider');
}
