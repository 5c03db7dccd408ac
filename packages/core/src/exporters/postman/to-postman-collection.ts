import { PRUNED_BODY_METHODS } from '../../importers/postman/from-postman-collection';
import type {
  TAuth,
  TBody,
  TCollection,
  TEnvironment,
  TFormField,
  TItem,
  TKeyValue,
  TRequestSettings,
  TScripts,
  TVariable,
} from '../../schema';
import { type PostmanUrl, toPostmanUrl } from './url-parts';

export const POSTMAN_V21_SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

type PostmanKv = { key: string; value: string; type: string };
type PostmanAuth = { type: string } & Record<string, PostmanKv[] | string>;
interface PostmanEvent {
  listen: 'prerequest' | 'test';
  script: { type: 'text/javascript'; exec: string[] };
}
interface PostmanVariable {
  key: string;
  value: string;
  type?: string;
  disabled?: boolean;
  description?: string;
}
interface PostmanHeader {
  key: string;
  value: string;
  disabled?: boolean;
  description?: string;
  type?: string;
}
type PostmanBody = Record<string, unknown> & { mode: string };
interface PostmanRequest {
  method: string;
  header: PostmanHeader[];
  body?: PostmanBody;
  url: PostmanUrl;
  auth?: PostmanAuth;
  description?: string;
}
export interface PostmanItem {
  id: string;
  name: string;
  description?: string;
  item?: PostmanItem[];
  request?: PostmanRequest;
  response?: unknown[];
  event?: PostmanEvent[];
  variable?: PostmanVariable[];
  auth?: PostmanAuth;
  protocolProfileBehavior?: Record<string, unknown>;
}
export interface PostmanCollectionV21 {
  info: { _postman_id: string; name: string; description?: string; schema: string };
  item: PostmanItem[];
  auth?: PostmanAuth;
  event?: PostmanEvent[];
  variable?: PostmanVariable[];
}
export interface PostmanEnvironmentExport {
  id: string;
  name: string;
  values: { key: string; value: string; type: 'default' | 'secret'; enabled: boolean }[];
  _postman_variable_scope: 'environment' | 'globals';
}

/** Export a collection as Postman Collection v2.1 (the shape Postman and newman import). */
export function toPostmanCollection(collection: TCollection): PostmanCollectionV21 {
  const out: PostmanCollectionV21 = {
    info: { _postman_id: collection.id, name: collection.name, schema: POSTMAN_V21_SCHEMA },
    item: collection.items.map(toItem),
  };
  if (collection.description) {
    out.info.description = collection.description;
  }
  addContainerFields(out, collection);
  return out;
}

/** Auth, scripts and variables of a collection or folder; only the ones set (Postman omits empty ones). */
function addContainerFields(
  target: Pick<PostmanCollectionV21, 'auth' | 'event' | 'variable'>,
  source: { auth: TAuth; scripts: TScripts; variables: TVariable[] },
): void {
  const auth = toAuth(source.auth);
  if (auth) {
    target.auth = auth;
  }
  const events = toEvents(source.scripts);
  if (events.length > 0) {
    target.event = events;
  }
  if (source.variables.length > 0) {
    target.variable = source.variables.map(toVariable);
  }
}

/** Export an environment (or the globals) in Postman's environment file shape. */
export function toPostmanEnvironment(
  environment: Pick<TEnvironment, 'id' | 'name' | 'variables'>,
  scope: 'environment' | 'globals' = 'environment',
): PostmanEnvironmentExport {
  return {
    id: environment.id,
    name: environment.name,
    values: environment.variables.map((v) => ({
      key: v.key,
      value: v.value,
      type: v.secret ? 'secret' : 'default',
      enabled: v.enabled,
    })),
    _postman_variable_scope: scope,
  };
}

function toItem(item: TItem): PostmanItem {
  if (item.type === 'folder') {
    const folder: PostmanItem = { id: item.id, name: item.name, item: item.items.map(toItem) };
    if (item.description) {
      folder.description = item.description;
    }
    addContainerFields(folder, item);
    return folder;
  }
  const request: PostmanRequest = {
    method: item.method,
    header: item.headers.map(toHeader),
    url: toPostmanUrl(item.url),
  };
  const auth = toAuth(item.auth);
  if (auth) {
    request.auth = auth;
  }
  const body = toBody(item.body);
  if (body) {
    request.body = body;
  }
  const out: PostmanItem = { id: item.id, name: item.name, request, response: [] };
  if (item.description) {
    out.description = item.description;
  }
  const events = toEvents(item.scripts);
  if (events.length > 0) {
    out.event = events;
  }
  const behavior = toBehavior(item.settings) ?? {};
  // We send a body on any method; Postman drops it on these unless told not to (the importer mirrors that).
  if (body && PRUNED_BODY_METHODS.has(item.method.toUpperCase())) {
    behavior.disableBodyPruning = true;
  }
  if (Object.keys(behavior).length > 0) {
    out.protocolProfileBehavior = behavior;
  }
  return out;
}

function toBehavior(settings: TRequestSettings): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  if (settings.followRedirects !== undefined) {
    out.followRedirects = settings.followRedirects;
  }
  if (settings.maxRedirects !== undefined) {
    out.maxRedirects = settings.maxRedirects;
  }
  if (settings.strictSSL !== undefined) {
    out.strictSSL = settings.strictSSL;
  }
  if (settings.timeoutMs !== undefined) {
    out.timeout = settings.timeoutMs;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function toHeader(kv: TKeyValue): PostmanHeader {
  const out: PostmanHeader = { key: kv.key, value: kv.value, type: 'text' };
  if (!kv.enabled) {
    out.disabled = true;
  }
  if (kv.description) {
    out.description = kv.description;
  }
  return out;
}

function toVariable(v: TVariable): PostmanVariable {
  const out: PostmanVariable = { key: v.key, value: v.value, type: v.secret ? 'secret' : 'string' };
  if (!v.enabled) {
    out.disabled = true;
  }
  if (v.description) {
    out.description = v.description;
  }
  return out;
}

function toEvents(scripts: TScripts): PostmanEvent[] {
  const events: PostmanEvent[] = [];
  if (scripts.preRequest) {
    events.push({
      listen: 'prerequest',
      script: { type: 'text/javascript', exec: scripts.preRequest.split('\n') },
    });
  }
  if (scripts.test) {
    events.push({ listen: 'test', script: { type: 'text/javascript', exec: scripts.test.split('\n') } });
  }
  return events;
}

function params(type: string, values: Record<string, string | undefined>): PostmanAuth {
  const list: PostmanKv[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) {
      list.push({ key, value, type: 'string' });
    }
  }
  return { type, [type]: list };
}

/** `inherit` is Postman's default (no `auth` key); `none` is Postman's `noauth`. */
function toAuth(auth: TAuth): PostmanAuth | undefined {
  switch (auth.type) {
    case 'inherit':
      return undefined;
    case 'none':
      return { type: 'noauth' };
    case 'basic':
      return params('basic', { username: auth.username, password: auth.password });
    case 'bearer':
      return params('bearer', { token: auth.token });
    case 'apikey':
      return params('apikey', { key: auth.key, value: auth.value, in: auth.in });
    case 'digest':
      return params('digest', { username: auth.username, password: auth.password });
    case 'awsv4':
      return params('awsv4', {
        accessKey: auth.accessKeyId,
        secretKey: auth.secretAccessKey,
        sessionToken: auth.sessionToken,
        region: auth.region,
        service: auth.service,
      });
    case 'oauth2': {
      const grant =
        auth.grantType === 'password'
          ? 'password_credentials'
          : auth.grantType === 'authorization_code' && auth.usePkce
            ? 'authorization_code_with_pkce'
            : auth.grantType;
      return params('oauth2', {
        grant_type: grant,
        accessTokenUrl: auth.accessTokenUrl,
        authUrl: auth.authUrl,
        clientId: auth.clientId,
        clientSecret: auth.clientSecret,
        username: auth.username,
        password: auth.password,
        scope: auth.scope,
        refreshToken: auth.refreshToken,
        redirect_uri: auth.redirectUri,
        accessToken: auth.accessToken,
        // Not a Postman key (Postman keeps expiry outside the collection); ignored there, read back by us.
        accessTokenExpiresAt:
          auth.accessTokenExpiresAt === undefined ? undefined : String(auth.accessTokenExpiresAt),
        client_authentication: auth.clientAuthentication,
        headerPrefix: auth.headerPrefix,
        addTokenTo: 'header',
      });
    }
    default: {
      const never: never = auth;
      return never;
    }
  }
}

function toFormField(f: TFormField): Record<string, unknown> {
  const out: Record<string, unknown> = { key: f.key, type: f.type };
  if (f.type === 'file') {
    out.src = f.src ?? '';
  } else {
    out.value = f.value;
  }
  if (!f.enabled) {
    out.disabled = true;
  }
  if (f.contentType) {
    out.contentType = f.contentType;
  }
  if (f.description) {
    out.description = f.description;
  }
  return out;
}

function toBody(body: TBody): PostmanBody | undefined {
  switch (body.mode) {
    case 'none':
      return undefined;
    case 'raw':
      return { mode: 'raw', raw: body.raw, options: { raw: { language: body.language } } };
    case 'urlencoded':
      return { mode: 'urlencoded', urlencoded: body.urlencoded.map(toHeader) };
    case 'formdata':
      return { mode: 'formdata', formdata: body.formdata.map(toFormField) };
    case 'binary':
      return { mode: 'file', file: { src: body.file.src } };
    case 'graphql':
      return { mode: 'graphql', graphql: { query: body.graphql.query, variables: body.graphql.variables } };
    default: {
      const never: never = body;
      return never;
    }
  }
}
