import { AppError } from '@apiplay/core';

// Text PostgreSQL can store, one rule each way: text from users that cannot be stored is refused (400 naming the
// field: assertSafeInput); text that scripts and targets produce is made storable (storableText, storableJson).

/**
 * The deepest JSON an API input may nest (objects and arrays). A saved collection with the deepest allowed folder
 * chain (64 folders, two levels each) fits well inside; a 100k-deep body is refused before anything recurses
 * over it (Zod, the engine, JSON.stringify, PostgreSQL's jsonb parser).
 */
export const MAX_INPUT_DEPTH = 256;

/**
 * NUL (PostgreSQL text and jsonb cannot hold it) and lone UTF-16 surrogates (not Unicode; PostgreSQL refuses
 * them in jsonb). With the `u` flag a well-formed surrogate pair is one code point, so only lone halves match.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching NUL is the point.
const UNSTORABLE = /[\u0000\p{Cs}]/u;

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching NUL is the point.
const UNSTORABLE_ALL = /[\u0000\p{Cs}]/gu;

/** The text with each NUL and each lone surrogate replaced by U+FFFD (the same string when there is none). */
export function storableText(text: string): string {
  return UNSTORABLE.test(text) ? text.replace(UNSTORABLE_ALL, '\uFFFD') : text;
}

/**
 * A JSON-like value with every string and key made storable. Copy on write: a value with nothing to replace is
 * returned as is (the common case costs one regex test per string). Recursive: for values of bounded depth such
 * as executions (API input deeper than 256 levels is refused before it gets here).
 */
export function storableJson<T>(value: T): T {
  if (typeof value === 'string') {
    return storableText(value) as T;
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const next = storableJson(value[i]);
      if (next !== value[i]) {
        out ??= [...value];
        out[i] = next;
      }
    }
    return (out ?? value) as T;
  }
  let out: Record<string, unknown> | null = null;
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const next = storableJson(source[key]);
    const safeKey = storableText(key);
    if (next !== source[key] || safeKey !== key) {
      out ??= { ...source };
      if (safeKey !== key) {
        delete out[key];
      }
      out[safeKey] = next;
    }
  }
  return (out ?? value) as T;
}

/** Why a text from a user cannot be accepted, or null. */
export function textProblem(text: string): string | null {
  if (!UNSTORABLE.test(text)) {
    return null;
  }
  return text.includes('\u0000')
    ? 'must not contain NUL characters'
    : 'must be valid Unicode (it contains a lone surrogate)';
}

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | null;
  key: string;
}

function pathOf(frame: Frame): string {
  const parts: string[] = [];
  for (let f: Frame | null = frame; f !== null; f = f.parent) {
    parts.push(f.key);
  }
  return parts.reverse().join('.');
}

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${field}: ${message}`, { issues: [{ field, message }] });
}

/**
 * Refuses (400 VALIDATION_FAILED naming the field, e.g. `body.request.name`) a parsed input holding a string or
 * key with NUL or a lone surrogate, or nesting deeper than `MAX_INPUT_DEPTH`. Iterative: any depth is safe to
 * walk (`text: false` checks the depth only). The one rule for text from users; text that scripts and targets produce is made storable instead
 * (`storableText`, `storableJson`, services/history/storable-execution.ts).
 */
export function assertSafeInput(value: unknown, root: string, opts: { text?: boolean } = {}): void {
  const checkText = opts.text !== false;
  const stack: Frame[] = [{ value, depth: 0, parent: null, key: root }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const v = frame.value;
    if (typeof v === 'string') {
      const problem = checkText ? textProblem(v) : null;
      if (problem !== null) {
        throw invalid(pathOf(frame), problem);
      }
      continue;
    }
    if (v === null || typeof v !== 'object') {
      continue;
    }
    if (frame.depth >= MAX_INPUT_DEPTH) {
      throw invalid(pathOf(frame), `must not nest deeper than ${MAX_INPUT_DEPTH} levels`);
    }
    const depth = frame.depth + 1;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push({ value: v[i], depth, parent: frame, key: String(i) });
      }
      continue;
    }
    if (Buffer.isBuffer(v)) {
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      const keyProblem = checkText ? textProblem(key) : null;
      if (keyProblem !== null) {
        throw invalid(`${pathOf(frame)}.${JSON.stringify(key)}`, `keys ${keyProblem}`);
      }
      stack.push({ value: (v as Record<string, unknown>)[key], depth, parent: frame, key });
    }
  }
}
