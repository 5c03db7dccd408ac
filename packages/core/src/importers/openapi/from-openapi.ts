import type { TAuth, TBody, TCollection, TFolder, TItem, TKeyValue, TVariable } from '../../schema';
import type { ImportOutput } from '../types';
import { appendQuery, arr, fail, isObject, type Json, kv, newId, obj, requestItem, str } from '../util';
import { bodyFromMedia, pickMediaType } from './bodies';
import { type Ctx, deref, makeLookup, scalarText } from './context';
import { exampleFromSchema } from './example-from-schema';
import { mapSecurityScheme } from './security';

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** True for an OpenAPI 3.x or Swagger 2.0 document. */
export function isOpenApiDocument(doc: unknown): doc is Json {
  return isObject(doc) && (/^3\./.test(str(doc.openapi)) || str(doc.swagger) === '2.0');
}

function baseUrlOf(ctx: Ctx): string {
  const { doc } = ctx;
  if (ctx.v2) {
    const host = str(doc.host);
    const basePath = str(doc.basePath);
    const schemes = Array.isArray(doc.schemes) ? doc.schemes : [];
    const scheme = schemes.includes('https') ? 'https' : str(schemes[0], 'https');
    return host ? `${scheme}://${host}${basePath === '/' ? '' : basePath}` : basePath;
  }
  const servers = arr(doc.servers, 'servers');
  const server = servers[0];
  if (!isObject(server)) {
    return '';
  }
  const vars = isObject(server.variables) ? server.variables : {};
  return str(server.url).replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return isObject(v) && v.default !== undefined ? String(v.default) : whole;
  });
}

function addVariable(ctx: Ctx, variable: TVariable): void {
  if (!ctx.variables.has(variable.key)) {
    ctx.variables.set(variable.key, variable);
  }
}

/** Auth for a `security` requirement list; undefined means "not stated" (inherit). */
function authFor(ctx: Ctx, security: unknown, where: string): TAuth | undefined {
  if (security === undefined) {
    return undefined;
  }
  const reqs = arr(security, where);
  if (reqs.length === 0) {
    return { type: 'none' };
  }
  for (const req of reqs) {
    if (!isObject(req)) {
      continue;
    }
    if (Object.keys(req).length === 0) {
      return { type: 'none' };
    }
    for (const name of Object.keys(req)) {
      const mapped = ctx.schemes.get(name);
      if (mapped && typeof mapped !== 'string') {
        for (const v of mapped.variables) {
          addVariable(ctx, v);
        }
        return mapped.auth;
      }
    }
  }
  ctx.warnings.push(`${where}: no supported security scheme; auth left unset`);
  return undefined;
}

function parameterValue(ctx: Ctx, param: Json): string {
  if (param.example !== undefined) {
    return scalarText(param.example);
  }
  if (isObject(param.examples)) {
    const first = deref(ctx, Object.values(param.examples)[0], 'examples');
    if (isObject(first) && first.value !== undefined) {
      return scalarText(first.value);
    }
  }
  const schema = ctx.v2 ? param : param.schema;
  const value = exampleFromSchema(schema, ctx.lookup, { maxDepth: 2, maxNodes: 50 });
  if (value === undefined || (typeof value === 'object' && value !== null)) {
    return '';
  }
  return scalarText(value);
}

interface OperationParts {
  query: TKeyValue[];
  headers: TKeyValue[];
  optionalQuery: string[];
  body: TBody;
  contentType?: string;
}

function operationParts(ctx: Ctx, pathItem: Json, op: Json, where: string): OperationParts {
  const byKey = new Map<string, Json>();
  for (const [i, p] of [
    ...arr(pathItem.parameters, `${where}.parameters`),
    ...arr(op.parameters, `${where}.parameters`),
  ].entries()) {
    const param = deref(ctx, p, `${where}.parameters[${i}]`);
    if (!isObject(param)) {
      continue;
    }
    byKey.set(`${str(param.in)}:${str(param.name)}`, param);
  }
  const parts: OperationParts = { query: [], headers: [], optionalQuery: [], body: { mode: 'none' } };
  const formParams: Json[] = [];
  let bodyParam: Json | undefined;
  for (const param of byKey.values()) {
    const name = str(param.name);
    const where2 = str(param.in);
    if (where2 === 'query') {
      if (param.required === true || param.example !== undefined) {
        parts.query.push(kv(name, parameterValue(ctx, param)));
      } else {
        parts.optionalQuery.push(name);
      }
    } else if (where2 === 'header') {
      parts.headers.push(kv(name, parameterValue(ctx, param), param.required === true));
    } else if (where2 === 'path') {
      addVariable(ctx, { key: name, value: parameterValue(ctx, param), enabled: true, secret: false });
    } else if (where2 === 'formData') {
      formParams.push(param);
    } else if (where2 === 'body') {
      bodyParam = param;
    }
  }
  if (ctx.v2) {
    const consumes = (
      Array.isArray(op.consumes) ? op.consumes : Array.isArray(ctx.doc.consumes) ? ctx.doc.consumes : []
    ).map(String);
    if (bodyParam) {
      const mediaType = pickMediaType(consumes) ?? 'application/json';
      parts.body = bodyFromMedia(ctx, mediaType, { schema: bodyParam.schema });
      parts.contentType = mediaType;
    } else if (formParams.length > 0) {
      const multipart =
        formParams.some((p) => p.type === 'file') || consumes.some((c) => /multipart/i.test(c));
      parts.body = multipart
        ? {
            mode: 'formdata',
            formdata: formParams.map((p) => ({
              key: str(p.name),
              type: p.type === 'file' ? ('file' as const) : ('text' as const),
              value: p.type === 'file' ? '' : parameterValue(ctx, p),
              enabled: p.required === true,
            })),
          }
        : {
            mode: 'urlencoded',
            urlencoded: formParams.map((p) => kv(str(p.name), parameterValue(ctx, p), p.required === true)),
          };
    }
    return parts;
  }
  const requestBody = deref(ctx, op.requestBody, `${where}.requestBody`);
  if (isObject(requestBody) && isObject(requestBody.content)) {
    const mediaType = pickMediaType(Object.keys(requestBody.content));
    const media = mediaType ? requestBody.content[mediaType] : undefined;
    if (mediaType && isObject(media)) {
      parts.body = bodyFromMedia(ctx, mediaType, media);
      parts.contentType = mediaType;
    }
  }
  return parts;
}

function buildRequest(
  ctx: Ctx,
  pathKey: string,
  baseUrl: string,
  method: string,
  pathItem: Json,
  op: Json,
  where: string,
): TItem {
  const parts = operationParts(ctx, pathItem, op, where);
  const url = appendQuery(baseUrl, parts.query);
  const headers = [...parts.headers];
  if (parts.contentType && parts.body.mode === 'raw') {
    headers.unshift(kv('Content-Type', parts.contentType));
  }
  let description = str(op.description, str(op.summary));
  if (parts.optionalQuery.length > 0) {
    description += `${description ? '\n\n' : ''}Optional query parameters: ${parts.optionalQuery.join(', ')}`;
  }
  const auth = authFor(ctx, op.security, `${where}.security`) ?? { type: 'inherit' };
  return requestItem({
    name: str(op.summary) || str(op.operationId) || `${method.toUpperCase()} ${pathKey}`,
    description,
    method: method.toUpperCase(),
    url,
    headers,
    body: parts.body,
    auth,
  });
}

function folder(name: string, description: string): TFolder {
  return {
    type: 'folder',
    id: newId(),
    name,
    description,
    auth: { type: 'inherit' },
    variables: [],
    scripts: { preRequest: '', test: '' },
    items: [],
  };
}

/** Import an OpenAPI 3.0/3.1 or Swagger 2.0 document (already parsed from JSON or YAML). */
export async function fromOpenApi(input: unknown, filename?: string): Promise<ImportOutput> {
  const doc = obj(input, '(root)');
  if (!isOpenApiDocument(doc)) {
    fail('openapi', 'expected "openapi": "3.x" or "swagger": "2.0"');
  }
  const v2 = str(doc.swagger) === '2.0';
  const ctx: Ctx = {
    doc,
    v2,
    lookup: await makeLookup(doc),
    warnings: [],
    schemes: new Map(),
    variables: new Map(),
    rootAuth: { type: 'none' },
  };
  const info = isObject(doc.info) ? doc.info : {};
  // Paths start with '/', so a trailing slash on the server URL would double it.
  const baseUrl = baseUrlOf(ctx).replace(/\/+$/, '');
  addVariable(ctx, { key: 'baseUrl', value: baseUrl, enabled: true, secret: false });

  const schemeDefs = v2
    ? doc.securityDefinitions
    : isObject(doc.components)
      ? doc.components.securitySchemes
      : undefined;
  if (schemeDefs !== undefined) {
    for (const [name, def] of Object.entries(
      obj(schemeDefs, v2 ? 'securityDefinitions' : 'components.securitySchemes'),
    )) {
      const resolved = deref(ctx, def, `securitySchemes.${name}`);
      const mapped = isObject(resolved) ? mapSecurityScheme(resolved) : 'not an object';
      if (typeof mapped === 'string') {
        ctx.warnings.push(`securitySchemes.${name}: ${mapped}`);
      }
      ctx.schemes.set(name, mapped);
    }
  }
  ctx.rootAuth = authFor(ctx, doc.security, 'security') ?? { type: 'none' };

  const folders = new Map<string, TFolder>();
  for (const [i, t] of arr(doc.tags, 'tags').entries()) {
    if (isObject(t) && typeof t.name === 'string' && !folders.has(t.name)) {
      folders.set(t.name, folder(t.name, str(t.description)));
    } else if (!isObject(t)) {
      fail(`tags[${i}]`, 'expected an object');
    }
  }
  const rootItems: TItem[] = [];
  let operations = 0;
  const addOperations = (group: unknown, groupName: string, urlOf: (path: string) => string) => {
    if (group === undefined) {
      return;
    }
    for (const [pathKey, rawItem] of Object.entries(obj(group, groupName))) {
      const where = `${groupName}.${pathKey}`;
      const pathItem = deref(ctx, rawItem, where);
      if (pathItem === undefined) {
        continue;
      }
      const item = obj(pathItem, where);
      for (const method of methods) {
        const op = item[method];
        if (op === undefined) {
          continue;
        }
        const operation = obj(op, `${where}.${method}`);
        const request = buildRequest(
          ctx,
          pathKey,
          urlOf(pathKey),
          method,
          item,
          operation,
          `${where}.${method}`,
        );
        operations++;
        const tags = arr(operation.tags, `${where}.${method}.tags`);
        const tag = typeof tags[0] === 'string' ? tags[0] : undefined;
        if (tag) {
          let f = folders.get(tag);
          if (!f) {
            f = folder(tag, '');
            folders.set(tag, f);
          }
          f.items.push(request);
        } else {
          rootItems.push(request);
        }
      }
    }
  };
  addOperations(doc.paths, 'paths', (path) => `{{baseUrl}}${path.replace(/\{([^}]+)\}/g, '{{$1}}')}`);
  if (doc.webhooks !== undefined) {
    // Webhooks are calls the API makes to you; importing them as requests to {{webhookUrl}} lets users test receivers.
    addVariable(ctx, { key: 'webhookUrl', value: '', enabled: true, secret: false });
    const before = operations;
    addOperations(doc.webhooks, 'webhooks', () => '{{webhookUrl}}');
    if (operations > before) {
      ctx.warnings.push(`webhooks: ${operations - before} webhook(s) imported as requests to {{webhookUrl}}`);
    }
  }
  if (operations === 0) {
    ctx.warnings.push('the document has no operations');
  }
  const items: TItem[] = [...[...folders.values()].filter((f) => f.items.length > 0), ...rootItems];
  const collection: TCollection = {
    v: 1,
    id: newId(),
    name: str(info.title) || filename || 'Imported API',
    description: str(info.description),
    auth: ctx.rootAuth,
    variables: [...ctx.variables.values()],
    scripts: { preRequest: '', test: '' },
    items,
  };
  return { collections: [collection], environments: [], warnings: ctx.warnings };
}
