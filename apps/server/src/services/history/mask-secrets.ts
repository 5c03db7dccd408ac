import { maskSecrets, secretPatterns, stringifyValue, type TExecution, type TVariable } from '@apiplay/core';

/**
 * What to mask for the secret values among these variables (core's `secretPatterns`: each value also URL-encoded,
 * JSON-escaped and base64-encoded, none shorter than `MIN_SECRET_LENGTH`, longest first).
 */
export function secretValues(...lists: readonly (readonly TVariable[])[]): string[] {
  const values: string[] = [];
  for (const list of lists) {
    for (const v of list) {
      if (v.secret) {
        values.push(v.value);
      }
    }
  }
  return secretPatterns(values);
}

/**
 * The variables scripts left in keys that were secret: the engine hands scopes back without flags, so a key keeps
 * the secret flag it had before the scripts ran (a pre-request script that fetches a token into a secret variable
 * must not leave that token readable in history). Pass the result to `secretValues` with the scopes as loaded.
 */
export function secretsLeftByScripts(
  pairs: readonly { before: readonly TVariable[]; after: readonly TVariable[] }[],
): TVariable[] {
  const left: TVariable[] = [];
  for (const { before, after } of pairs) {
    // Scopes without secrets (the common case) cost one scan, no sets or copies.
    if (!before.some((v) => v.secret)) {
      continue;
    }
    const secretKeys = new Set(before.filter((v) => v.secret).map((v) => v.key));
    for (const v of after) {
      if (secretKeys.has(v.key)) {
        left.push({ ...v, secret: true });
      }
    }
  }
  return left;
}

type SecretScope = 'environment' | 'globals' | 'collection';

/** Where secret variables live: a script may store a new value under one of these keys during a run. */
export function secretKeys(
  scopes: Record<SecretScope, readonly TVariable[]>,
): { scope: SecretScope; key: string }[] {
  const keys: { scope: SecretScope; key: string }[] = [];
  for (const scope of ['environment', 'globals', 'collection'] as const) {
    for (const v of scopes[scope]) {
      if (v.secret) {
        keys.push({ scope, key: v.key });
      }
    }
  }
  return keys;
}

/**
 * The secret values to mask now: `initial` plus what the secret keys hold at this moment (`read` gives a key's
 * live value), so a token a script stored in a secret variable mid-run is masked in every later execution.
 */
export function liveSecretValues(
  initial: readonly TVariable[],
  keys: readonly { scope: SecretScope; key: string }[],
  read: (scope: SecretScope, key: string) => unknown,
): string[] {
  const live: TVariable[] = [];
  for (const { scope, key } of keys) {
    const value = read(scope, key);
    if (value !== undefined && value !== null) {
      live.push({ key, value: stringifyValue(value), enabled: true, secret: true });
    }
  }
  return secretValues(initial, live);
}

/**
 * The execution with every secret value (`patterns` from `secretValues`) masked everywhere — request as sent,
 * response headers, assertion names and errors, console, script failures, warnings, error — except the response
 * body, which is stored as received (`maskBody` masks it too: for what a viewer sees).
 */
export function maskExecution(
  execution: TExecution,
  patterns: readonly string[],
  opts: { maskBody?: boolean } = {},
): TExecution {
  if (patterns.length === 0) {
    return execution;
  }
  const { response } = execution;
  if (!response || opts.maskBody) {
    return maskSecrets(execution, patterns);
  }
  // Masked without its body, then the body put back in place (same key order, for the exact-shape serializer).
  const masked = maskSecrets({ ...execution, response: { ...response, body: '' } }, patterns);
  return { ...masked, response: { ...(masked.response ?? response), body: response.body } };
}
