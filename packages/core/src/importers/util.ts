import { parseDocument } from 'yaml';
import { AppError } from '../errors';
import type { TAuth, TCollection, TItem, TKeyValue, TRawLanguage, TRequestItem } from '../schema';

/** Thrown inside importers for a structural problem; `importAny` turns it into an IMPORT_INVALID result. */
export class ImportFailure extends Error {}

/** Stop with a message naming where (a JSON path such as `paths./pets.get`). */
export function fail(where: string, message: string): never {
  throw new ImportFailure(where ? `${where}: ${message}` : message);
}

export function importInvalid(message: string, details?: unknown): AppError {
  return new AppError('IMPORT_INVALID', message, details);
}

export function newId(): string {
  return globalThis.crypto.randomUUID();
}

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown, fallback = ''): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return fallback;
}

/** An array or nothing: importers accept missing lists but refuse non-lists by name. */
export function arr(value: unknown, where: string): unknown[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    fail(where, 'expected an array');
  }
  return value;
}

export function obj(value: unknown, where: string): Json {
  if (!isObject(value)) {
    fail(where, 'expected an object');
  }
  return value;
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, col: end - last };
}

/**
 * Parse JSON, or YAML when the text is not JSON. Syntax errors name line and column.
 * JSON is tried first because JSON.parse is much faster than a YAML parser on multi-megabyte specs.
 */
export function parseStructured(text: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const match = /position (\d+)/.exec(message);
      const offset = match ? Number(match[1]) : text.length;
      const { line, col } = lineCol(text, offset);
      throw new ImportFailure(`JSON syntax error at line ${line}, column ${col}: ${message}`);
    }
  }
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const { line, col } = lineCol(text, first.pos[0]);
    const where = `line ${line}, column ${col}`;
    throw new ImportFailure(`YAML syntax error at ${where}: ${first.message.split('\n')[0]}`);
  }
  return doc.toJS({ maxAliasCount: 100 });
}

/** A request item with every field set, so importers only fill what they know. */
export function requestItem(partial: Partial<TRequestItem> & { name: string }): TRequestItem {
  return {
    type: 'request',
    id: newId(),
    description: '',
    method: 'GET',
    url: '',
    headers: [],
    body: { mode: 'none' },
    auth: { type: 'inherit' } satisfies TAuth,
    scripts: { preRequest: '', test: '' },
    settings: {},
    ...partial,
  };
}

/** A collection with no auth, variables or scripts of its own (formats that have none at that level). */
export function plainCollection(name: string, items: TItem[], description = ''): TCollection {
  return {
    v: 1,
    id: newId(),
    name,
    description,
    auth: { type: 'none' },
    variables: [],
    scripts: { preRequest: '', test: '' },
    items,
  };
}

/** The raw-body language for a MIME type (json, xml and html by substring; anything else is text). */
export function rawLanguageOf(mime: string): Extract<TRawLanguage, 'json' | 'xml' | 'html' | 'text'> {
  return /json/.test(mime) ? 'json' : /xml/.test(mime) ? 'xml' : /html/.test(mime) ? 'html' : 'text';
}

export function kv(key: string, value: string, enabled = true, description?: string): TKeyValue {
  return description ? { key, value, enabled, description } : { key, value, enabled };
}

/** Append query rows to a URL text (variables kept verbatim, so no URL encoding of `{{…}}`). */
export function appendQuery(url: string, rows: { key: string; value: string }[]): string {
  if (rows.length === 0) {
    return url;
  }
  const qs = rows.map((r) => (r.value === '' ? r.key : `${r.key}=${r.value}`)).join('&');
  return `${url}${url.includes('?') ? '&' : '?'}${qs}`;
}
