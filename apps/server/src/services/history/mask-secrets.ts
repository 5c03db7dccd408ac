import { MASKED_SECRET, stringifyValue, type TExecution, type TVariable } from '@apiplay/core';

/** Secret values that must not reach history, logs or events (shortest last so longer ones mask first). */
export function secretValues(...lists: readonly (readonly TVariable[])[]): string[] {
  const values = new Set<string>();
  for (const list of lists) {
    for (const v of list) {
      // Very short values would mask unrelated text and protect little.
      if (v.secret && v.value.length >= 3) {
        values.add(v.value);
      }
    }
  }
  return [...values].sort((a, b) => b.length - a.length);
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

function mask(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (out.includes(s)) {
      out = out.split(s).join(MASKED_SECRET);
    }
    // The value may also appear URL-encoded or base64-encoded (basic auth).
    const encoded = encodeURIComponent(s);
    if (encoded !== s && out.includes(encoded)) {
      out = out.split(encoded).join(MASKED_SECRET);
    }
  }
  return out;
}

/**
 * The execution with every secret value replaced in what was sent (URL, headers, body), in the console and in a
 * text response body.
 */
export function maskExecution(execution: TExecution, secrets: readonly string[]): TExecution {
  if (secrets.length === 0) {
    return execution;
  }
  const basic = secrets.flatMap((s) => [Buffer.from(s).toString('base64')]);
  const all = [...secrets];
  const maskHeader = (value: string) => {
    let v = mask(value, all);
    // `Basic base64(user:secret)`: the secret is inside the encoding; mask the whole credential.
    if (/^basic\s/i.test(value)) {
      const decoded = Buffer.from(value.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
      if (all.some((s) => decoded.includes(s)) || basic.some((b) => value.includes(b))) {
        v = `Basic ${MASKED_SECRET}`;
      }
    }
    return v;
  };
  return {
    ...execution,
    request: {
      ...execution.request,
      url: mask(execution.request.url, all),
      headers: execution.request.headers.map((h) => ({ key: h.key, value: maskHeader(h.value) })),
      ...(execution.request.body === undefined ? {} : { body: mask(execution.request.body, all) }),
    },
    console: execution.console.map((c) => ({ ...c, message: mask(c.message, all) })),
    // Echo-style targets send the secret straight back; text bodies are masked too.
    ...(execution.response && execution.response.bodyEncoding === 'utf8'
      ? { response: { ...execution.response, body: mask(execution.response.body, all) } }
      : {}),
  };
}
