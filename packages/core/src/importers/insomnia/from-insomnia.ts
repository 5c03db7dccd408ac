import type { TAuth, TBody, TCollection, TEnvironment, TFolder, TItem, TVariable } from '../../schema';
import type { ImportOutput } from '../types';
import {
  appendQuery,
  arr,
  fail,
  isObject,
  type Json,
  kv,
  newId,
  obj,
  plainCollection,
  rawLanguageOf,
  requestItem,
  str,
} from '../util';

/** True for an Insomnia v4 export (`_type: export`, `__export_format: 4`). */
export function isInsomniaExport(doc: unknown): doc is Json {
  return isObject(doc) && doc._type === 'export' && Array.isArray(doc.resources);
}

/** Insomnia templates are Nunjucks: `{{ _.name }}` / `{{ name }}` become our `{{name}}`; tags stay as written. */
export function convertTemplate(text: string): string {
  return text.replace(/\{\{\s*(?:_\.)?([A-Za-z0-9_.$-]+)\s*\}\}/g, '{{$1}}');
}

function flattenEnv(data: unknown, prefix = '', out: TVariable[] = [], depth = 0): TVariable[] {
  if (!isObject(data) || depth > 10) {
    return out;
  }
  for (const [key, value] of Object.entries(data)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (isObject(value)) {
      flattenEnv(value, name, out, depth + 1);
    } else {
      const text = typeof value === 'string' ? convertTemplate(value) : JSON.stringify(value ?? '');
      out.push({ key: name, value: text, enabled: true, secret: false });
    }
  }
  return out;
}

function mergeVars(base: TVariable[], over: TVariable[]): TVariable[] {
  const map = new Map(base.map((v) => [v.key, v]));
  for (const v of over) {
    map.set(v.key, v);
  }
  return [...map.values()];
}

function mapAuth(raw: unknown, warnings: string[], where: string): TAuth {
  if (!isObject(raw) || raw.type === undefined) {
    return { type: 'inherit' };
  }
  if (raw.disabled === true) {
    return { type: 'none' };
  }
  const t = (v: unknown) => convertTemplate(str(v));
  switch (str(raw.type)) {
    case 'none':
      return { type: 'none' };
    case 'basic':
      return { type: 'basic', username: t(raw.username), password: t(raw.password) };
    case 'digest':
      return { type: 'digest', username: t(raw.username), password: t(raw.password) };
    case 'bearer':
      return { type: 'bearer', token: t(raw.token) };
    case 'apikey':
      return {
        type: 'apikey',
        key: t(raw.key),
        value: t(raw.value),
        in: raw.addTo === 'queryParams' ? 'query' : 'header',
      };
    case 'oauth2': {
      const grant = str(raw.grantType);
      const grantType =
        grant === 'password'
          ? 'password'
          : grant === 'authorization_code'
            ? 'authorization_code'
            : 'client_credentials';
      if (grant && grant !== grantType) {
        warnings.push(`${where}: oauth2 grant ${grant} imported as ${grantType}`);
      }
      return {
        type: 'oauth2',
        grantType,
        accessTokenUrl: t(raw.accessTokenUrl),
        ...(raw.authorizationUrl ? { authUrl: t(raw.authorizationUrl) } : {}),
        clientId: t(raw.clientId),
        clientSecret: t(raw.clientSecret),
        ...(raw.username ? { username: t(raw.username) } : {}),
        ...(raw.password ? { password: t(raw.password) } : {}),
        ...(raw.scope ? { scope: t(raw.scope) } : {}),
        ...(raw.redirectUrl ? { redirectUri: t(raw.redirectUrl) } : {}),
        ...(raw.usePkce === true ? { usePkce: true } : {}),
        clientAuthentication: raw.credentialsInBody === true ? 'body' : 'header',
        headerPrefix: str(raw.tokenPrefix) || 'Bearer',
      };
    }
    default:
      warnings.push(`${where}: auth type ${str(raw.type)} is not supported`);
      return { type: 'inherit' };
  }
}

function mapBody(raw: unknown): TBody {
  if (!isObject(raw)) {
    return { mode: 'none' };
  }
  const mime = str(raw.mimeType);
  const params = Array.isArray(raw.params) ? raw.params.filter(isObject) : [];
  if (mime === 'application/x-www-form-urlencoded') {
    return {
      mode: 'urlencoded',
      urlencoded: params.map((p) =>
        kv(convertTemplate(str(p.name)), convertTemplate(str(p.value)), p.disabled !== true),
      ),
    };
  }
  if (mime === 'multipart/form-data') {
    return {
      mode: 'formdata',
      formdata: params.map((p) =>
        p.type === 'file'
          ? {
              key: str(p.name),
              type: 'file' as const,
              value: '',
              src: str(p.fileName),
              enabled: p.disabled !== true,
            }
          : {
              key: str(p.name),
              type: 'text' as const,
              value: convertTemplate(str(p.value)),
              enabled: p.disabled !== true,
            },
      ),
    };
  }
  if (mime === 'application/octet-stream' && typeof raw.fileName === 'string') {
    return { mode: 'binary', file: { src: raw.fileName } };
  }
  if (mime === 'application/graphql') {
    try {
      const parsed: unknown = JSON.parse(str(raw.text) || '{}');
      if (isObject(parsed)) {
        const vars = parsed.variables;
        return {
          mode: 'graphql',
          graphql: {
            query: str(parsed.query),
            variables: vars === undefined ? '' : JSON.stringify(vars, null, 2),
          },
        };
      }
    } catch {
      // Not JSON: keep the text as a raw body below.
    }
  }
  if (typeof raw.text === 'string' && raw.text !== '') {
    return { mode: 'raw', raw: convertTemplate(raw.text), language: rawLanguageOf(mime) };
  }
  return { mode: 'none' };
}

/** Import an Insomnia v4 export: each workspace becomes a collection; base + sub environments become environments. */
export function fromInsomnia(input: unknown): ImportOutput {
  const doc = obj(input, '(root)');
  if (!isInsomniaExport(doc)) {
    fail('(root)', 'expected an Insomnia export with _type "export" and resources');
  }
  const warnings: string[] = [];
  const resources = arr(doc.resources, 'resources').map((r, i) => obj(r, `resources[${i}]`));
  const children = new Map<string, Json[]>();
  for (const r of resources) {
    const parent = str(r.parentId);
    const list = children.get(parent) ?? [];
    list.push(r);
    children.set(parent, list);
  }
  const sortKey = (r: Json) => (typeof r.metaSortKey === 'number' ? r.metaSortKey : 0);
  const visited = new Set<string>();
  const buildItems = (parentId: string, depth: number): TItem[] => {
    if (depth > 64) {
      fail('resources', `folders nested deeper than 64 levels under ${parentId}`);
    }
    const items: TItem[] = [];
    const kids = [...(children.get(parentId) ?? [])].sort((a, b) => sortKey(a) - sortKey(b));
    for (const r of kids) {
      const id = str(r._id);
      if (visited.has(id)) {
        continue;
      }
      visited.add(id);
      const where = `resources[${resources.indexOf(r)}]`;
      if (r._type === 'request_group') {
        const f: TFolder = {
          type: 'folder',
          id: newId(),
          name: str(r.name, 'Folder'),
          description: str(r.description),
          auth: mapAuth(r.authentication, warnings, where),
          variables: flattenEnv(r.environment),
          scripts: { preRequest: '', test: '' },
          items: buildItems(id, depth + 1),
        };
        items.push(f);
      } else if (r._type === 'request') {
        const query = arr(r.parameters, `${where}.parameters`)
          .filter(isObject)
          .filter((p) => p.disabled !== true)
          .map((p) => ({ key: convertTemplate(str(p.name)), value: convertTemplate(str(p.value)) }));
        items.push(
          requestItem({
            name: str(r.name, 'Request'),
            description: str(r.description),
            method: /^[A-Za-z][A-Za-z0-9_-]*$/.test(str(r.method)) ? str(r.method).toUpperCase() : 'GET',
            url: appendQuery(convertTemplate(str(r.url)), query),
            headers: arr(r.headers, `${where}.headers`)
              .filter(isObject)
              .map((h) =>
                kv(convertTemplate(str(h.name)), convertTemplate(str(h.value)), h.disabled !== true),
              ),
            body: mapBody(r.body),
            auth: mapAuth(r.authentication, warnings, where),
          }),
        );
      } else if (r._type === 'grpc_request' || r._type === 'websocket_request') {
        warnings.push(`${where}: ${str(r._type)} "${str(r.name)}" skipped (not an HTTP request)`);
      }
    }
    return items;
  };

  const collections: TCollection[] = [];
  const environments: TEnvironment[] = [];
  for (const ws of resources.filter((r) => r._type === 'workspace')) {
    const wsId = str(ws._id);
    const bases = (children.get(wsId) ?? []).filter((r) => r._type === 'environment');
    for (const base of bases) {
      const baseVars = flattenEnv(base.data);
      environments.push({ v: 1, id: newId(), name: str(base.name, 'Base Environment'), variables: baseVars });
      for (const sub of (children.get(str(base._id)) ?? []).filter((r) => r._type === 'environment')) {
        environments.push({
          v: 1,
          id: newId(),
          name: str(sub.name, 'Environment'),
          // Insomnia resolves a sub-environment on top of its base; ours are flat, so merge here.
          variables: mergeVars(baseVars, flattenEnv(sub.data)),
        });
      }
    }
    collections.push(
      plainCollection(str(ws.name, 'Insomnia workspace'), buildItems(wsId, 0), str(ws.description)),
    );
  }
  // Requests whose parent is missing (partial exports) still come in, in one collection.
  const orphans = resources.filter(
    (r) =>
      (r._type === 'request' || r._type === 'request_group') &&
      !visited.has(str(r._id)) &&
      !resources.some((p) => str(p._id) === str(r.parentId)),
  );
  if (orphans.length > 0 || collections.length === 0) {
    const parents = new Set(orphans.map((r) => str(r.parentId)));
    const items = [...parents].flatMap((p) => buildItems(p, 0));
    collections.push(plainCollection('Insomnia import', items));
  }
  return { collections, environments, warnings };
}
