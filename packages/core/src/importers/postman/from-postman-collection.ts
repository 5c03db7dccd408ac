import { AppError, err, ok, type Result } from '../../errors';
import type {
  TCollection,
  TFolder,
  TItem,
  TKeyValue,
  TRequestItem,
  TRequestSettings,
  TScripts,
  TVariable,
} from '../../schema';
import {
  type Ctx,
  description,
  expectObject,
  ImportPathError,
  isObject,
  type JsonObject,
  looseText,
  optionalArray,
  readKeyValues,
  scriptLines,
  text,
} from './read';
import { readAuth } from './read-auth';
import { readBody } from './read-body';

/** What a Postman import produced, plus what could not be kept exactly. */
export interface PostmanImport<T> {
  value: T;
  /** Human-readable notes about dropped or approximated features, each naming the JSON path. */
  warnings: string[];
}

/** Which Postman collection schema a document claims (v2-shaped files without `info.schema` count as v2.1). */
export type PostmanSchemaVersion = 'v2.0' | 'v2.1';

export function postmanSchemaVersion(doc: JsonObject): PostmanSchemaVersion {
  const info = isObject(doc.info) ? doc.info : {};
  const schema = typeof info.schema === 'string' ? info.schema : '';
  return schema.includes('v2.0') ? 'v2.0' : 'v2.1';
}

/** True when a parsed JSON value looks like a Postman v2.x collection (used for format auto-detection). */
export function isPostmanCollection(doc: unknown): boolean {
  if (!isObject(doc)) {
    return false;
  }
  const info = doc.info;
  if (isObject(info) && typeof info.schema === 'string') {
    return info.schema.includes('getpostman.com/json/collection');
  }
  // Newman's own fixtures omit `info`: a name plus an `item` array is the v2 shape.
  return Array.isArray(doc.item) && (isObject(info) || typeof doc.name === 'string');
}

/**
 * Convert a Postman Collection v2.0 / v2.1 document (parsed JSON) to our collection format.
 * Never throws: bad input gives `AppError('IMPORT_INVALID')` whose message names the JSON path.
 *
 * Lossy points, each reported as a warning: auth kinds we do not support (oauth1, hawk, ntlm, akamai edgegrid,
 * jwt, asap) become `none`; events other than prerequest/test, disabled query params, saved responses and
 * request-level proxy/certificate settings are dropped.
 */
export function fromPostmanCollection(input: unknown): Result<PostmanImport<TCollection>> {
  const ctx: Ctx = { warnings: [] };
  try {
    const doc = expectObject(input, '$');
    if (doc.info === undefined && !Array.isArray(doc.item) && isObject(doc.collection)) {
      // Postman API responses wrap the collection: `{ collection: { info, item } }`.
      return fromPostmanCollection(doc.collection);
    }
    const info = doc.info === undefined ? {} : expectObject(doc.info, '$.info');
    const name = text(info.name ?? doc.name, '$.info.name', 'Imported collection');
    const collection: TCollection = {
      v: 1,
      id: text(info._postman_id ?? doc.id, '$.info._postman_id') || newId(),
      name,
      description: description(info.description ?? doc.description, '$.info.description'),
      auth: readAuth(doc.auth, '$.auth', ctx, { type: 'none' }),
      variables: readVariables(doc.variable, '$.variable', ctx),
      scripts: readEvents(doc.event, '$.event', ctx),
      items: readItems(doc.item, '$.item', ctx),
    };
    return ok({ value: collection, warnings: ctx.warnings });
  } catch (e) {
    return err(toImportError(e));
  }
}

export function toImportError(e: unknown): AppError {
  if (e instanceof ImportPathError) {
    return new AppError('IMPORT_INVALID', `Postman import: ${e.message}`, { path: e.path });
  }
  const message = e instanceof Error ? e.message : String(e);
  return new AppError('IMPORT_INVALID', `Postman import: ${message}`);
}

function newId(): string {
  return globalThis.crypto.randomUUID();
}

function readItems(value: unknown, path: string, ctx: Ctx): TItem[] {
  return optionalArray(value, path).map((raw, i) => readItem(raw, `${path}[${i}]`, ctx));
}

function readItem(value: unknown, path: string, ctx: Ctx): TItem {
  const item = expectObject(value, path);
  if (Array.isArray(item.item) || (item.request === undefined && item.item === undefined)) {
    const folder: TFolder = {
      type: 'folder',
      id: text(item.id ?? item._postman_id, `${path}.id`) || newId(),
      name: text(item.name, `${path}.name`, 'Folder'),
      description: description(item.description, `${path}.description`),
      auth: readAuth(item.auth, `${path}.auth`, ctx, { type: 'inherit' }),
      variables: readVariables(item.variable, `${path}.variable`, ctx),
      scripts: readEvents(item.event, `${path}.event`, ctx),
      items: readItems(item.item, `${path}.item`, ctx),
    };
    return folder;
  }
  return readRequestItem(item, path, ctx);
}

/** Methods whose body Postman and newman drop unless `protocolProfileBehavior.disableBodyPruning` is set. */
export const PRUNED_BODY_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'COPY', 'PURGE', 'UNLOCK']);

function readRequestItem(item: JsonObject, path: string, ctx: Ctx): TRequestItem {
  const reqPath = `${path}.request`;
  // v2 allows `request` to be just the URL string.
  const request: JsonObject =
    typeof item.request === 'string'
      ? { url: item.request, method: 'GET' }
      : expectObject(item.request, reqPath);
  if (Array.isArray(item.response) && item.response.length > 0) {
    ctx.warnings.push(`${path}.response: ${item.response.length} saved example response(s) not imported`);
  }
  if (item.variable !== undefined && optionalArray(item.variable, `${path}.variable`).length > 0) {
    ctx.warnings.push(`${path}.variable: request-level variables are not supported and were dropped`);
  }
  const headers = readHeaders(request.header, `${reqPath}.header`);
  const method = (text(request.method, `${reqPath}.method`, 'GET') || 'GET').toUpperCase();
  // Postman and newman do not send a body on these methods unless protocolProfileBehavior.disableBodyPruning is
  // set: the import keeps what they send.
  const behavior = item.protocolProfileBehavior;
  let body: unknown = request.body;
  if (
    PRUNED_BODY_METHODS.has(method) &&
    !(isObject(behavior) && behavior.disableBodyPruning === true) &&
    isObject(body) &&
    body.mode !== undefined &&
    body.mode !== 'none' &&
    body.disabled !== true
  ) {
    ctx.warnings.push(
      `${reqPath}.body: not imported, Postman does not send a body on ${method} (protocolProfileBehavior.disableBodyPruning is not set)`,
    );
    body = undefined;
  }
  return {
    type: 'request',
    id: text(item.id ?? item._postman_id, `${path}.id`) || newId(),
    name: text(item.name, `${path}.name`, 'Request'),
    description: description(item.description ?? request.description, `${path}.description`),
    method,
    url: readUrl(request.url, `${reqPath}.url`, ctx),
    headers,
    body: readBody(body, `${reqPath}.body`, ctx, headers),
    auth: readAuth(request.auth, `${reqPath}.auth`, ctx, { type: 'inherit' }),
    scripts: readEvents(item.event, `${path}.event`, ctx),
    settings: readSettings(item.protocolProfileBehavior, `${path}.protocolProfileBehavior`),
  };
}

function readSettings(value: unknown, path: string): TRequestSettings {
  if (!isObject(value)) {
    return {};
  }
  const settings: TRequestSettings = {};
  if (typeof value.followRedirects === 'boolean') {
    settings.followRedirects = value.followRedirects;
  }
  if (typeof value.maxRedirects === 'number' && Number.isInteger(value.maxRedirects)) {
    settings.maxRedirects = Math.max(0, Math.min(50, value.maxRedirects));
  }
  if (typeof value.strictSSL === 'boolean') {
    settings.strictSSL = value.strictSSL;
  }
  if (value.timeout !== undefined) {
    const ms = Number(text(value.timeout, `${path}.timeout`));
    if (Number.isInteger(ms) && ms >= 0) {
      settings.timeoutMs = ms;
    }
  }
  return settings;
}

/** Headers: an array of `{ key, value, disabled }` or, in old files, one `Key: value` per line. */
function readHeaders(value: unknown, path: string): TKeyValue[] {
  if (typeof value === 'string') {
    return value
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const at = line.indexOf(':');
        return at < 0
          ? { key: line.trim(), value: '', enabled: true }
          : { key: line.slice(0, at).trim(), value: line.slice(at + 1).trim(), enabled: true };
      });
  }
  return readKeyValues(value, path);
}

function readVariables(value: unknown, path: string, ctx: Ctx): TVariable[] {
  const out: TVariable[] = [];
  optionalArray(value, path).forEach((raw, i) => {
    const p = `${path}[${i}]`;
    const row = expectObject(raw, p);
    const key = text(row.key ?? row.id ?? row.name, `${p}.key`);
    if (key === '') {
      ctx.warnings.push(`${p}: variable without a key dropped`);
      return;
    }
    const variable: TVariable = {
      key,
      value: looseText(row.value),
      enabled: row.disabled !== true && row.enabled !== false,
      secret: row.type === 'secret',
    };
    const desc = description(row.description, `${p}.description`);
    if (desc) {
      variable.description = desc;
    }
    out.push(variable);
  });
  return out;
}

function readEvents(value: unknown, path: string, ctx: Ctx): TScripts {
  const scripts: TScripts = { preRequest: '', test: '' };
  // postman-collection accepts a single event object where an array is expected; so do we.
  optionalArray(isObject(value) ? [value] : value, path).forEach((raw, i) => {
    const p = `${path}[${i}]`;
    const event = expectObject(raw, p);
    const listen = text(event.listen, `${p}.listen`);
    if (event.disabled === true) {
      ctx.warnings.push(`${p}: disabled ${listen} script dropped`);
      return;
    }
    const script = event.script === undefined ? {} : expectObject(event.script, `${p}.script`);
    const code = scriptLines(script.exec, `${p}.script.exec`);
    if (listen === 'prerequest') {
      scripts.preRequest = scripts.preRequest ? `${scripts.preRequest}\n${code}` : code;
    } else if (listen === 'test') {
      scripts.test = scripts.test ? `${scripts.test}\n${code}` : code;
    } else {
      ctx.warnings.push(`${p}: '${listen}' event not supported, dropped`);
    }
  });
  return scripts;
}

/** URL: a string, or an object whose `raw` wins; without `raw` the parts are joined. */
function readUrl(value: unknown, path: string, ctx: Ctx): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (typeof value === 'string') {
    return value;
  }
  const url = expectObject(value, path);
  let raw = typeof url.raw === 'string' ? url.raw : joinUrl(url, path);
  const query = optionalArray(url.query, `${path}.query`);
  const disabled = query.filter((q) => isObject(q) && q.disabled === true).length;
  if (disabled > 0) {
    ctx.warnings.push(`${path}.query: ${disabled} disabled query parameter(s) dropped`);
  }
  // Path variables (`/users/:id` + `variable: [{ key: 'id', value }]`) are substituted: our format keeps one URL.
  const pathVars = optionalArray(url.variable, `${path}.variable`);
  pathVars.forEach((raw2, i) => {
    const v = expectObject(raw2, `${path}.variable[${i}]`);
    const key = text(v.key ?? v.id, `${path}.variable[${i}].key`);
    const val = looseText(v.value);
    if (key && val !== '') {
      const re = new RegExp(`/:${escapeRegExp(key)}(?=[/?#]|$)`, 'g');
      raw = raw.replace(re, `/${val}`);
    }
  });
  if (pathVars.length > 0) {
    ctx.warnings.push(`${path}.variable: path variables substituted into the URL`);
  }
  return raw;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function joinUrl(url: JsonObject, path: string): string {
  const protocol = text(url.protocol, `${path}.protocol`);
  const host = Array.isArray(url.host)
    ? url.host.map((h, i) => text(h, `${path}.host[${i}]`)).join('.')
    : text(url.host, `${path}.host`);
  const port = text(url.port, `${path}.port`);
  const segs = Array.isArray(url.path)
    ? url.path.map((s) => looseText(isObject(s) ? s.value : s))
    : text(url.path, `${path}.path`)
        .split('/')
        .filter((s, i) => !(i === 0 && s === ''));
  const query = optionalArray(url.query, `${path}.query`)
    .filter((q) => isObject(q) && q.disabled !== true)
    .map((q) => {
      const row = q as JsonObject;
      const value = row.value === null || row.value === undefined ? '' : `=${looseText(row.value)}`;
      return `${looseText(row.key)}${value}`;
    });
  const hash = text(url.hash, `${path}.hash`);
  let out = protocol ? `${protocol}://` : '';
  out += host;
  if (port) {
    out += `:${port}`;
  }
  if (segs.length > 0) {
    out += `/${segs.join('/')}`;
  }
  if (query.length > 0) {
    out += `?${query.join('&')}`;
  }
  if (hash) {
    out += `#${hash}`;
  }
  return out;
}
