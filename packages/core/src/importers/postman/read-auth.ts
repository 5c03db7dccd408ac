// A Postman auth block, with the kinds we do not support reported as warnings.
import type { TAuth } from '../../schema';
import { type Ctx, expectObject, isObject, type JsonObject, looseText, text } from './read';

/** Auth params are `[{ key, value }]` in v2.1 and `{ key: value }` in v2.0. */
function authParams(auth: JsonObject, type: string, path: string): Map<string, string> {
  const params = new Map<string, string>();
  const raw = auth[type];
  if (Array.isArray(raw)) {
    raw.forEach((entry, i) => {
      const row = expectObject(entry, `${path}.${type}[${i}]`);
      params.set(text(row.key, `${path}.${type}[${i}].key`), looseText(row.value));
    });
  } else if (isObject(raw)) {
    for (const [k, v] of Object.entries(raw)) {
      params.set(k, looseText(v));
    }
  }
  return params;
}

const oauth2Grants: Record<
  string,
  'client_credentials' | 'password' | 'authorization_code' | 'implicit' | 'refresh_token'
> = {
  client_credentials: 'client_credentials',
  password_credentials: 'password',
  password: 'password',
  authorization_code: 'authorization_code',
  authorization_code_with_pkce: 'authorization_code',
  implicit: 'implicit',
  refresh_token: 'refresh_token',
};

export function readAuth(value: unknown, path: string, ctx: Ctx, missing: TAuth): TAuth {
  if (value === undefined || value === null) {
    return missing;
  }
  const auth = expectObject(value, path);
  const type = text(auth.type, `${path}.type`);
  const p = authParams(auth, type, path);
  const get = (key: string): string => p.get(key) ?? '';
  switch (type) {
    case 'noauth':
    case 'none':
      return { type: 'none' };
    case 'inherit':
      return { type: 'inherit' };
    case 'basic':
      return { type: 'basic', username: get('username'), password: get('password') };
    case 'bearer':
      return { type: 'bearer', token: get('token') };
    case 'apikey':
      return {
        type: 'apikey',
        key: get('key'),
        value: get('value'),
        in: get('in') === 'query' ? 'query' : 'header',
      };
    case 'digest':
      return { type: 'digest', username: get('username'), password: get('password') };
    case 'awsv4': {
      const aws: TAuth = {
        type: 'awsv4',
        accessKeyId: get('accessKey'),
        secretAccessKey: get('secretKey'),
        region: get('region'),
        service: get('service'),
      };
      if (get('sessionToken')) {
        aws.sessionToken = get('sessionToken');
      }
      return aws;
    }
    case 'oauth2':
      return readOAuth2(p, path, ctx);
    default:
      ctx.warnings.push(`${path}.type: auth '${type}' is not supported; imported as no auth`);
      return { type: 'none' };
  }
}

function readOAuth2(p: Map<string, string>, path: string, ctx: Ctx): TAuth {
  const grantRaw = p.get('grant_type') ?? 'authorization_code';
  let grantType = oauth2Grants[grantRaw];
  if (!grantType) {
    ctx.warnings.push(`${path}: OAuth 2 grant '${grantRaw}' not supported; imported as authorization_code`);
    grantType = 'authorization_code';
  }
  const auth: TAuth = {
    type: 'oauth2',
    grantType,
    accessTokenUrl: p.get('accessTokenUrl') ?? '',
    clientId: p.get('clientId') ?? '',
    clientSecret: p.get('clientSecret') ?? '',
    clientAuthentication: p.get('client_authentication') === 'body' ? 'body' : 'header',
    headerPrefix: p.get('headerPrefix') ?? 'Bearer',
  };
  const optional = [
    ['authUrl', 'authUrl'],
    ['username', 'username'],
    ['password', 'password'],
    ['scope', 'scope'],
    ['refreshToken', 'refreshToken'],
    ['redirect_uri', 'redirectUri'],
    ['accessToken', 'accessToken'],
  ] as const;
  for (const [from, to] of optional) {
    const v = p.get(from);
    if (v !== undefined && v !== '') {
      auth[to] = v;
    }
  }
  const expiresAt = Number(p.get('accessTokenExpiresAt'));
  if (Number.isFinite(expiresAt) && expiresAt > 0) {
    auth.accessTokenExpiresAt = expiresAt;
  }
  if (grantRaw === 'authorization_code_with_pkce') {
    auth.usePkce = true;
  }
  if (p.get('addTokenTo') === 'queryParams') {
    ctx.warnings.push(`${path}: OAuth 2 token in query params not supported; it is sent in the header`);
  }
  return auth;
}
