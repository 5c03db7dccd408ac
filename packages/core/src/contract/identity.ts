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
