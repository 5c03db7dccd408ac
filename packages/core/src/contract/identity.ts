import { z } from 'zod';
import { ZEmail, ZPassword } from './auth';
import { ZTimestamp } from './common';

/** Sign-in providers this instance offers: `oidc` (generic OpenID Connect) and `github`. */
export const ZSsoProviderId = z.enum(['oidc', 'github']).describe('Sign-in provider');
export type TSsoProviderId = z.infer<typeof ZSsoProviderId>;

export const ZSignInOptions = z
  .object({
    password: z.boolean().describe('Email + password sign-in and sign-up are on'),
    providers: z
      .array(
        z.object({ id: ZSsoProviderId, name: z.string().describe('Button text: "Sign in with <name>"') }),
      )
      .describe('Single sign-on providers, in button order'),
    emailVerificationRequired: z.boolean().describe('Accepting an invitation needs a verified email'),
  })
  .describe('How users can sign in');
export type TSignInOptions = z.infer<typeof ZSignInOptions>;

export const ZSsoStartParams = z.object({
  provider: z.string().max(40).describe('Provider id (oidc, github)'),
});
export const ZSsoStartQuery = z.object({
  returnTo: z
    .string()
    .max(500)
    .optional()
    .describe('Path on this site to open after signing in (default /); anything else is ignored'),
});
export const ZSsoCallbackQuery = z
  .object({
    state: z.string().max(500).optional().describe('The state sent to the provider'),
    code: z.string().max(2000).optional().describe('Authorization code'),
    iss: z.string().max(500).optional().describe('Issuer (RFC 9207)'),
    error: z.string().max(200).optional().describe('Error the provider reports'),
    error_description: z.string().max(1000).optional(),
  })
  .passthrough();

export const ZPasswordResetRequest = z.object({ email: ZEmail });
export type TPasswordResetRequest = z.infer<typeof ZPasswordResetRequest>;

export const ZPasswordResetConfirm = z.object({
  token: z.string().min(10).max(200).describe('The token from the emailed link'),
  newPassword: ZPassword,
});
export type TPasswordResetConfirm = z.infer<typeof ZPasswordResetConfirm>;

export const ZVerifyEmailRequest = z.object({
  token: z.string().min(10).max(200).describe('The token from the emailed link'),
});
export type TVerifyEmailRequest = z.infer<typeof ZVerifyEmailRequest>;

export const ZAcceptedAnswer = z
  .object({ message: z.string().describe('What happens next, the same whatever the address') })
  .describe('Accepted');

export const ZMailMessage = z
  .object({
    id: z.uuid(),
    to: z.string(),
    subject: z.string(),
    text: z.string().describe('Plain-text body (links included)'),
    createdAt: ZTimestamp,
  })
  .describe('A message kept by the dev mailbox');
export type TMailMessage = z.infer<typeof ZMailMessage>;

export const ZMailList = z.object({
  items: z.array(ZMailMessage),
  nextCursor: z.string().nullable().describe('Pass as `before` for older messages'),
  transport: z.enum(['smtp', 'dev']).describe('smtp: mail leaves through SMTP_URL; dev: kept here'),
});
export type TMailList = z.infer<typeof ZMailList>;

export const ZMailListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().max(100).optional().describe('Cursor from the previous page'),
});

/**
 * `POST /api/oauth2/token`: the token request of "Get new access token" (code exchange) or "Refresh", built and
 * sent by the server from the auth's settings — no scripts, no history row (the answer holds the tokens).
 */
export const ZOAuth2TokenRequest = z.object({
  workspaceId: z.uuid().describe('Workspace whose variables (and environment) resolve {{…}} in the auth'),
  environmentId: z.uuid().optional().describe('Environment whose variables resolve {{…}}'),
  collectionId: z.uuid().optional().describe('Collection whose variables resolve {{…}}'),
  auth: z
    .object({
      accessTokenUrl: z.string().min(1).max(2000),
      clientId: z.string().max(500),
      clientSecret: z.string().max(2000).default(''),
      scope: z.string().max(2000).optional(),
      clientAuthentication: z.enum(['header', 'body']).default('header'),
    })
    .describe('The OAuth 2 settings of the request, folder or collection'),
  grant: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('authorization_code'),
      code: z.string().min(1).max(4000),
      codeVerifier: z.string().min(43).max(128).optional().describe('PKCE verifier (RFC 7636)'),
      redirectUri: z.string().min(1).max(2000),
    }),
    z.object({ kind: z.literal('refresh_token'), refreshToken: z.string().min(1).max(4000) }),
  ]),
});
export type TOAuth2TokenRequest = z.infer<typeof ZOAuth2TokenRequest>;

export const ZOAuth2TokenResponse = z
  .object({
    accessToken: z.string(),
    tokenType: z.string(),
    expiresIn: z.number().optional().describe('Lifetime in seconds, when the server said'),
    refreshToken: z.string().optional(),
    scope: z.string().optional(),
    idToken: z.string().optional(),
  })
  .describe('What the token endpoint gave');
