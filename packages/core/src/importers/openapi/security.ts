import type { TAuth, TVariable } from '../../schema';
import { isObject, type Json, str } from '../util';

/** Our auth for one security scheme, plus the variables it references (added to the collection, empty). */
export interface MappedScheme {
  auth: TAuth;
  variables: TVariable[];
}

const secretVar = (key: string): TVariable => ({ key, value: '', enabled: true, secret: true });
const plainVar = (key: string): TVariable => ({ key, value: '', enabled: true, secret: false });

/** Map an OpenAPI 3 or Swagger 2 security scheme; returns a reason string when it has no equivalent. */
export function mapSecurityScheme(scheme: Json): MappedScheme | string {
  const type = str(scheme.type);
  if (type === 'basic' || (type === 'http' && str(scheme.scheme).toLowerCase() === 'basic')) {
    return {
      auth: { type: 'basic', username: '{{username}}', password: '{{password}}' },
      variables: [plainVar('username'), secretVar('password')],
    };
  }
  if (type === 'http' && str(scheme.scheme).toLowerCase() === 'bearer') {
    return { auth: { type: 'bearer', token: '{{bearerToken}}' }, variables: [secretVar('bearerToken')] };
  }
  if (type === 'http' && str(scheme.scheme).toLowerCase() === 'digest') {
    return {
      auth: { type: 'digest', username: '{{username}}', password: '{{password}}' },
      variables: [plainVar('username'), secretVar('password')],
    };
  }
  if (type === 'apiKey') {
    const where = str(scheme.in);
    if (where !== 'header' && where !== 'query') {
      return `apiKey in ${where || '(missing)'} is not supported`;
    }
    return {
      auth: { type: 'apikey', key: str(scheme.name, 'X-API-Key'), value: '{{apiKey}}', in: where },
      variables: [secretVar('apiKey')],
    };
  }
  if (type === 'oauth2') {
    return mapOAuth2(scheme);
  }
  return `security scheme type ${type || '(missing)'} is not supported`;
}

function mapOAuth2(scheme: Json): MappedScheme | string {
  const variables = [plainVar('clientId'), secretVar('clientSecret')];
  const base = { clientId: '{{clientId}}', clientSecret: '{{clientSecret}}' };
  const flows = isObject(scheme.flows) ? scheme.flows : undefined;
  // OpenAPI 3 keeps one object per flow; Swagger 2 has a single `flow` with the URLs beside it.
  const pick = (name3: string, name2: string): Json | undefined => {
    if (flows && isObject(flows[name3])) {
      return flows[name3];
    }
    return scheme.flow === name2 ? scheme : undefined;
  };
  const scopesOf = (flow: Json): string | undefined => {
    const keys = isObject(flow.scopes) ? Object.keys(flow.scopes) : [];
    return keys.length > 0 ? keys.join(' ') : undefined;
  };
  const cc = pick('clientCredentials', 'application');
  if (cc) {
    return {
      auth: oauth('client_credentials', str(cc.tokenUrl), base, scopesOf(cc)),
      variables,
    };
  }
  const pw = pick('password', 'password');
  if (pw) {
    return {
      auth: {
        ...oauth('password', str(pw.tokenUrl), base, scopesOf(pw)),
        username: '{{username}}',
        password: '{{password}}',
      },
      variables: [...variables, plainVar('username'), secretVar('password')],
    };
  }
  const code = pick('authorizationCode', 'accessCode');
  if (code) {
    return {
      auth: {
        ...oauth('authorization_code', str(code.tokenUrl), base, scopesOf(code)),
        authUrl: str(code.authorizationUrl),
      },
      variables,
    };
  }
  return 'oauth2 implicit flow is not supported';
}

function oauth(
  grantType: 'client_credentials' | 'password' | 'authorization_code',
  accessTokenUrl: string,
  base: { clientId: string; clientSecret: string },
  scope: string | undefined,
): Extract<TAuth, { type: 'oauth2' }> {
  return {
    type: 'oauth2',
    grantType,
    accessTokenUrl,
    ...base,
    ...(scope ? { scope } : {}),
    clientAuthentication: 'header',
    headerPrefix: 'Bearer',
  };
}
