import { z } from 'zod';
import { ZTimestamp } from './common';

export const ZEmail = z
  .email()
  .max(254)
  .transform((v) => v.trim().toLowerCase())
  .describe('Email address (case-insensitive)');

/** Password rules shared by register and change-password; the server also rejects common passwords. */
export const ZPassword = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(256)
  .describe('At least 8 characters, not a common password');

export const ZUser = z
  .object({
    id: z.uuid(),
    email: z.string().describe('Lower-cased email'),
    name: z.string(),
    avatarUrl: z.string().nullable(),
    isAdmin: z.boolean().describe('Instance administrator'),
    emailVerified: z.boolean().describe('The user proved they read this address (link, or an SSO provider)'),
    createdAt: ZTimestamp,
  })
  .describe('User');
export type TUser = z.infer<typeof ZUser>;

export const ZRegisterRequest = z.object({
  email: ZEmail,
  password: ZPassword,
  name: z.string().trim().min(1).max(100).describe('Display name'),
});
export type TRegisterRequest = z.infer<typeof ZRegisterRequest>;

export const ZLoginRequest = z.object({
  email: ZEmail,
  password: z.string().min(1).max(256).describe('Password'),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZTokenPair = z.object({
  accessToken: z.string().describe('JWT for `Authorization: Bearer`, valid 15 minutes'),
  refreshToken: z
    .string()
    .optional()
    .describe(
      'Opaque, single-use, valid 7 days; exchange at /api/auth/refresh. Absent when the client sent ' +
        '`X-Refresh-Cookie: 1`: it is then set as the HttpOnly `apiplay_refresh` cookie (path /api/auth)',
    ),
  expiresIn: z.number().int().describe('Access token lifetime in seconds'),
});
export type TTokenPair = z.infer<typeof ZTokenPair>;

export const ZAuthResponse = ZTokenPair.extend({ user: ZUser });
export type TAuthResponse = z.infer<typeof ZAuthResponse>;

export const ZRefreshRequest = z.object({
  refreshToken: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'Current refresh token; omit it to use the `apiplay_refresh` cookie (needs `X-Refresh-Cookie: 1`)',
    ),
});
export type TRefreshRequest = z.infer<typeof ZRefreshRequest>;

export const ZLogoutRequest = z.object({
  refreshToken: z.string().min(1).max(200).optional().describe('Refresh token whose family to revoke'),
});
export type TLogoutRequest = z.infer<typeof ZLogoutRequest>;

export const ZUpdateMeRequest = z
  .object({
    name: z.string().trim().min(1).max(100).optional().describe('Display name'),
    avatarUrl: z.url().max(2000).nullable().optional().describe('Avatar image URL, null to clear'),
  })
  .refine((v) => v.name !== undefined || v.avatarUrl !== undefined, { message: 'nothing to update' });
export type TUpdateMeRequest = z.infer<typeof ZUpdateMeRequest>;

export const ZChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(256).describe('Current password'),
  newPassword: ZPassword,
});
export type TChangePasswordRequest = z.infer<typeof ZChangePasswordRequest>;
