import type { TAuth, TBody, TCollection } from '../../schema';
import { walkRequests } from '../walk';

type Json = Record<string, unknown>;

export interface OpenApiExport {
  document: Json;
  warnings: string[];
}

const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const VAR = /\{\{\s*([^{}]+?)\s*\}\}/g;

interface SplitUrl {
  server: string;
  path: string;
  query: [string, string][];
}

/** Split `{{baseUrl}}/pets/{{id}}?limit=10` or `https://x/y` into server, path and query (variables kept). */
function splitUrl(url: string): SplitUrl {
  const [beforeHash = ''] = url.split('#');
  const qIndex = beforeHash.indexOf('?');
  const base = qIndex >= 0 ? beforeHash.slice(0, qIndex) : beforeHash;
  const queryText = qIndex >= 0 ? beforeHash.slice(qIndex + 1) : '';
  const query: [string, string][] = queryText
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      return eq >= 0 ? [p.slice(0, eq), p.slice(eq + 1)] : [p, ''];
    });
  const leadingVar = /^\{\{[^{}]+\}\}/.exec(base);
  if (leadingVar) {
    return { server: leadingVar[0], path: base.slice(leadingVar[0].length) || '/', query };
  }
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(base);
  if (origin) {
    return { server: origin[0], path: base.slice(origin[0].length) || '/', query };
  }
  return { server: '', path: base.startsWith('/') ? base : `/${base}`, query };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function schemeFor(auth: TAuth): { name: string; scheme: Json } | undefined {
  switch (auth.type) {
    case 'basic':
      return { name: 'basicAuth', scheme: { type: 'http', scheme: 'basic' } };
    case 'bearer':
      return { name: 'bearerAuth', scheme: { type: 'http', scheme: 'bearer' } };
    case 'digest':
      return { name: 'digestAuth', scheme: { type: 'http', scheme: 'digest' } };
    case 'apikey':
      return {
        name: `apiKey_${auth.in}_${auth.key}`,
        scheme: { type: 'apiKey', in: auth.in, name: auth.key },
      };
    case 'oauth2': {
      const flowName =
        auth.grantType === 'client_credentials'
          ? 'clientCredentials'
          : auth.grantType === 'password'
            ? 'password'
            : 'authorizationCode';
      const flow: Json = { tokenUrl: auth.accessTokenUrl, scopes: {} };
      if (flowName === 'authorizationCode') {
        flow.authorizationUrl = auth.authUrl ?? auth.accessTokenUrl;
      }
      return { name: `oauth2_${flowName}`, scheme: { type: 'oauth2', flows: { [flowName]: flow } } };
    }
    case 'awsv4':
    case 'none':
    case 'inherit':
      return undefined;
  }
}

function exampleOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function requestBody(body: TBody): Json | undefined {
  switch (body.mode) {
    case 'none':
      return undefined;
    case 'raw': {
      const type =
        body.language === 'json'
          ? 'application/json'
          : body.language === 'xml'
            ? 'application/xml'
            : body.language === 'html'
              ? 'text/html'
              : 'text/plain';
      return { content: { [type]: { example: body.language === 'json' ? exampleOf(body.raw) : body.raw } } };
    }
    case 'urlencoded': {
      const properties: Json = {};
      const example: Json = {};
      for (const row of body.urlencoded) {
        properties[row.key] = {
          type: 'string',
          ...(row.description ? { description: row.description } : {}),
        };
        example[row.key] = row.value;
      }
      return {
        content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties }, example } },
      };
    }
    case 'formdata': {
      const properties: Json = {};
      for (const f of body.formdata) {
        properties[f.key] =
          f.type === 'file' ? { type: 'string', format: 'binary' } : { type: 'string', example: f.value };
      }
      return { content: { 'multipart/form-data': { schema: { type: 'object', properties } } } };
    }
    case 'binary':
      return { content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } };
    case 'graphql':
      return {
        content: {
          'application/json': {
            example: { query: body.graphql.query, variables: exampleOf(body.graphql.variables || '{}') },
          },
        },
      };
  }
}

function uniqueId(name: string, used: Set<string>): string {
  const base =
    name.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')) ||
    'operation';
  const first = base.charAt(0).toLowerCase() + base.slice(1);
  let id = first;
  for (let n = 2; used.has(id); n++) {
    id = `${first}${n}`;
  }
  used.add(id);
  return id;
}

/**
 * Export a collection as an OpenAPI 3.1 document: one operation per request (path from the URL with `{{var}}`
 * segments as path parameters, query/header rows as parameters, bodies as examples), folders as tags, auth as
 * security schemes. Two requests with the same method and path cannot both be operations: the later one is
 * reported in `warnings`.
 */
export function toOpenApi(collection: TCollection): OpenApiExport {
  const warnings: string[] = [];
  const paths: Record<string, Json> = {};
  const securitySchemes: Json = {};
  const servers = new Map<string, string>();
  const usedIds = new Set<string>();
  const tags = new Map<string, string>();
  const vars = new Map(collection.variables.map((v) => [v.key, v.value]));

  const securityOf = (auth: TAuth): Json[] | undefined => {
    if (auth.type === 'inherit') {
      return undefined;
    }
    if (auth.type === 'none') {
      return [];
    }
    const s = schemeFor(auth);
    if (!s) {
      warnings.push(`${auth.type} auth has no OpenAPI security scheme; left out`);
      return undefined;
    }
    securitySchemes[s.name] = s.scheme;
    return [{ [s.name]: [] }];
  };
  const rootSecurity = collection.auth.type === 'none' ? undefined : securityOf(collection.auth);

  for (const { item, path: folders } of walkRequests(collection)) {
    const method = item.method.toLowerCase();
    if (!methods.has(method)) {
      warnings.push(`${item.name}: method ${item.method} cannot be expressed in OpenAPI; skipped`);
      continue;
    }
    const url = splitUrl(item.url);
    if (url.server) {
      const resolved = url.server.replace(VAR, (whole, name: string) => vars.get(name) ?? whole);
      servers.set(url.server, resolved);
    }
    const parameters: Json[] = [];
    const pathParams = new Set<string>();
    const path = url.path.replace(VAR, (_w, name: string) => {
      pathParams.add(name);
      return `{${name}}`;
    });
    for (const name of pathParams) {
      const example = vars.get(name);
      parameters.push({
        name,
        in: 'path',
        required: true,
        schema: { type: 'string' },
        ...(example ? { example } : {}),
      });
    }
    for (const [key, value] of url.query) {
      parameters.push({ name: decode(key), in: 'query', schema: { type: 'string' }, example: decode(value) });
    }
    for (const h of item.headers) {
      const lower = h.key.toLowerCase();
      if (lower === 'content-type' || lower === 'authorization' || h.key === '') {
        continue;
      }
      parameters.push({
        name: h.key,
        in: 'header',
        required: h.enabled,
        schema: { type: 'string' },
        example: h.value,
        ...(h.description ? { description: h.description } : {}),
      });
    }
    const operation: Json = {
      operationId: uniqueId(item.name, usedIds),
      summary: item.name,
    };
    if (item.description) {
      operation.description = item.description;
    }
    const tag = folders[0];
    if (tag) {
      operation.tags = [tag];
      tags.set(tag, tags.get(tag) ?? '');
    }
    if (parameters.length > 0) {
      operation.parameters = parameters;
    }
    const body = requestBody(item.body);
    if (body) {
      operation.requestBody = body;
    }
    const security = securityOf(item.auth);
    if (security !== undefined) {
      operation.security = security;
    }
    operation.responses = { default: { description: 'Response' } };
    const pathItem = paths[path] ?? {};
    if (pathItem[method] !== undefined) {
      warnings.push(`${item.name}: ${item.method.toUpperCase()} ${path} already exported; skipped`);
      continue;
    }
    pathItem[method] = operation;
    paths[path] = pathItem;
  }

  const document: Json = {
    openapi: '3.1.0',
    info: {
      title: collection.name,
      version: '1.0.0',
      ...(collection.description ? { description: collection.description } : {}),
    },
  };
  if (servers.size > 0) {
    document.servers = [...servers.values()].map((url) => ({ url }));
  }
  if (tags.size > 0) {
    document.tags = [...tags.keys()].map((name) => ({ name }));
  }
  document.paths = paths;
  if (Object.keys(securitySchemes).length > 0) {
    document.components = { securitySchemes };
  }
  if (rootSecurity !== undefined) {
    document.security = rootSecurity;
  }
  return { document, warnings };
}
