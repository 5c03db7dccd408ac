import { z } from 'zod';

/** A key/value row (headers, query params, urlencoded fields). Disabled rows are kept but not sent. */
export const ZKeyValue = z.object({
  key: z.string().describe('Name'),
  value: z.string().describe('Value; may contain {{variables}}'),
  enabled: z.boolean().default(true).describe('Disabled rows are kept but not sent'),
  description: z.string().optional().describe('Free text'),
});
export type TKeyValue = z.infer<typeof ZKeyValue>;

/** A variable in a collection, folder, environment or globals. */
export const ZVariable = z.object({
  key: z.string().describe('Variable name, used as {{key}}'),
  value: z.string().describe('Value (secret values are masked by the server unless revealed)'),
  enabled: z.boolean().default(true).describe('Disabled variables do not resolve'),
  secret: z.boolean().default(false).describe('Encrypted at rest and masked in responses, logs and history'),
  allowedHosts: z
    .array(z.string().min(1).max(253))
    .max(100)
    .optional()
    .describe(
      'Secret variables only: the hosts (`api.example.com`, `*.example.com`, optionally with `:port`) this value may be sent to; a request that would send it anywhere else is refused before it leaves. Absent = any host.',
    ),
  description: z.string().optional(),
});
export type TVariable = z.infer<typeof ZVariable>;

/** Scripts attached to a collection, folder or request; run root → leaf. */
export const ZScripts = z.object({
  preRequest: z.string().default('').describe('Runs before the request is sent (pm API)'),
  test: z.string().default('').describe('Runs after the response arrives (pm API)'),
});
export type TScripts = z.infer<typeof ZScripts>;

const ZBasicAuth = z.object({ type: z.literal('basic'), username: z.string(), password: z.string() });
const ZBearerAuth = z.object({ type: z.literal('bearer'), token: z.string() });
const ZApiKeyAuth = z.object({
  type: z.literal('apikey'),
  key: z.string().describe('Header or query parameter name'),
  value: z.string(),
  in: z.enum(['header', 'query']).default('header'),
});
const ZDigestAuth = z.object({
  type: z.literal('digest'),
  username: z.string(),
  password: z.string(),
});
const ZOAuth2Auth = z.object({
  type: z.literal('oauth2'),
  grantType: z.enum(['client_credentials', 'password', 'authorization_code', 'implicit', 'refresh_token']),
  accessTokenUrl: z.string(),
  authUrl: z.string().optional(),
  clientId: z.string(),
  clientSecret: z.string().default(''),
  username: z.string().optional(),
  password: z.string().optional(),
  scope: z.string().optional(),
  refreshToken: z.string().optional(),
  redirectUri: z.string().optional(),
  usePkce: z.boolean().optional(),
  /** Where client credentials go in the token request. */
  clientAuthentication: z.enum(['header', 'body']).default('header'),
  /** A token already obtained (e.g. from the authorization-code flow in the UI). */
  accessToken: z.string().optional(),
  /**
   * When `accessToken` expires (ms since the epoch). Past it, a `refreshToken` (or the client-credentials/password
   * grant) gets a new one before sending; without either the stale token is sent as it is.
   */
  accessTokenExpiresAt: z.number().optional(),
  headerPrefix: z.string().default('Bearer'),
});
const ZAwsV4Auth = z.object({
  type: z.literal('awsv4'),
  accessKeyId: z.string(),
  secretAccessKey: z.string(),
  sessionToken: z.string().optional(),
  region: z.string(),
  service: z.string(),
});

/** Auth of a request, folder or collection. `inherit` takes the nearest ancestor's auth. */
export const ZAuth = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('inherit') }),
  ZBasicAuth,
  ZBearerAuth,
  ZApiKeyAuth,
  ZDigestAuth,
  ZOAuth2Auth,
  ZAwsV4Auth,
]);
export type TAuth = z.infer<typeof ZAuth>;
export type TAuthType = TAuth['type'];

export const ZFormField = z.object({
  key: z.string(),
  type: z.enum(['text', 'file']).default('text'),
  value: z.string().default('').describe('Text value (type text)'),
  src: z.string().optional().describe('File path relative to the working directory (type file)'),
  contentType: z.string().optional(),
  enabled: z.boolean().default(true),
  description: z.string().optional(),
});
export type TFormField = z.infer<typeof ZFormField>;

export const ZRawLanguage = z.enum(['json', 'text', 'xml', 'html', 'javascript']);
export type TRawLanguage = z.infer<typeof ZRawLanguage>;

/** Request body, one of the modes Postman knows. */
export const ZBody = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }),
  z.object({ mode: z.literal('raw'), raw: z.string(), language: ZRawLanguage.default('text') }),
  z.object({ mode: z.literal('urlencoded'), urlencoded: z.array(ZKeyValue) }),
  z.object({ mode: z.literal('formdata'), formdata: z.array(ZFormField) }),
  z.object({
    mode: z.literal('binary'),
    file: z.object({ src: z.string().describe('File path relative to the working directory') }),
  }),
  z.object({
    mode: z.literal('graphql'),
    graphql: z.object({ query: z.string(), variables: z.string().default('').describe('JSON text') }),
  }),
]);
export type TBody = z.infer<typeof ZBody>;
export type TBodyMode = TBody['mode'];

/** Per-request transport settings; unset fields take the run's defaults. */
export const ZRequestSettings = z.object({
  followRedirects: z.boolean().optional(),
  maxRedirects: z.number().int().min(0).max(50).optional(),
  timeoutMs: z.number().int().min(0).optional(),
  strictSSL: z.boolean().optional(),
});
export type TRequestSettings = z.infer<typeof ZRequestSettings>;

export const ZHttpMethod = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'method must be a token like GET or PROPFIND');
