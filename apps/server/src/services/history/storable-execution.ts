import type { TExecution } from '@apiplay/core';

/**
 * NUL (PostgreSQL text and jsonb cannot hold it) and lone UTF-16 surrogates (jsonb refuses them; node-postgres
 * would silently re-encode them). With the `u` flag a well-formed surrogate pair is one code point, so only lone
 * halves match.
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

/**
 * The one place where what scripts and targets produced (test names, headers a script set, console output,
 * response bodies, script errors) is made storable before it is recorded or returned: an execution is then
 * always recorded, and the `historyId` it answers with exists. A text response body holding NUL is kept exactly,
 * as base64 (`bodyEncoding: 'base64'`); every other string gets U+FFFD for NUL and lone surrogates. Run this after
 * masking secrets (masking reads text bodies).
 */
export function storableExecution(execution: TExecution): TExecution {
  const response = execution.response;
  const withBody =
    response !== undefined && response.bodyEncoding === 'utf8' && response.body.includes('\u0000')
      ? {
          ...execution,
          response: {
            ...response,
            body: Buffer.from(response.body, 'utf8').toString('base64'),
            bodyEncoding: 'base64' as const,
          },
        }
      : execution;
  return storableJson(withBody);
}
