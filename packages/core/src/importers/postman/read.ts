import type { TKeyValue } from '../../schema';

/**
 * Small, path-aware readers for untrusted Postman JSON. A failed read throws `ImportPathError`, which the public
 * entry points turn into `AppError('IMPORT_INVALID', '<json path>: <problem>')` inside a Result.
 */
export class ImportPathError extends Error {
  readonly path: string;

  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'ImportPathError';
    this.path = path;
  }
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expectObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) {
    throw new ImportPathError(path, `expected an object, got ${describeType(value)}`);
  }
  return value;
}

export function optionalArray(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new ImportPathError(path, `expected an array, got ${describeType(value)}`);
  }
  return value;
}

/** Postman stores many scalars loosely (numbers, booleans, null); text fields accept any scalar. */
export function text(value: unknown, path: string, fallback = ''): string {
  if (value === undefined || value === null) {
    return fallback;
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  throw new ImportPathError(path, `expected a string, got ${describeType(value)}`);
}

/** Any JSON value as text: objects become JSON (Postman puts objects in a few auth params). */
export function looseText(value: unknown): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'object') {
    return JSON.stringify(value);
  }
  return String(value);
}

/** Descriptions are either a string or `{ content, type }`. */
export function description(value: unknown, path: string): string {
  if (isObject(value)) {
    return text(value.content, `${path}.content`);
  }
  return text(value, path);
}

/** Script `exec` is an array of lines or a single string. */
export function scriptLines(value: unknown, path: string): string {
  if (Array.isArray(value)) {
    return value.map((line, i) => text(line, `${path}[${i}]`)).join('\n');
  }
  return text(value, path);
}

function describeType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  return typeof value;
}

/** The state of one import: the warnings collected so far. */
export interface Ctx {
  warnings: string[];
}

/** A Postman key/value list (headers, query, urlencoded fields, …). */
export function readKeyValues(value: unknown, path: string): TKeyValue[] {
  return optionalArray(value, path).map((raw, i) => {
    const p = `${path}[${i}]`;
    const row = expectObject(raw, p);
    const kv: TKeyValue = {
      key: text(row.key, `${p}.key`),
      value: looseText(row.value),
      enabled: row.disabled !== true && row.enabled !== false,
    };
    const desc = description(row.description, `${p}.description`);
    if (desc) {
      kv.description = desc;
    }
    return kv;
  });
}
