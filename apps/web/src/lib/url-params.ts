import type { TKeyValue } from '@apiplay/core';

/** A query param row; `bare` marks `?flag` (no `=`), so the URL round-trips exactly. */
export type TParamRow = TKeyValue & { bare?: boolean };

/**
 * Query params ↔ URL sync. The URL text is the one source of truth for enabled params; disabled rows are kept
 * beside it in the editor only. Values are kept as written (no percent-decoding), so `{{vars}}` survive.
 */
export function parseQuery(url: string): TParamRow[] {
  const q = url.indexOf('?');
  if (q < 0) {
    return [];
  }
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  if (query === '') {
    return [];
  }
  return query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return eq < 0
      ? { key: pair, value: '', enabled: true, bare: true }
      : { key: pair.slice(0, eq), value: pair.slice(eq + 1), enabled: true };
  });
}

/** Replace the query part of `url` with the enabled rows. */
export function withQuery(url: string, params: TParamRow[]): string {
  const q = url.indexOf('?');
  const hashAt = url.indexOf('#', Math.max(q, 0));
  const hash = hashAt < 0 ? '' : url.slice(hashAt);
  const base = q < 0 ? (hashAt < 0 ? url : url.slice(0, hashAt)) : url.slice(0, q);
  const enabled = params.filter((p) => p.enabled && (p.key !== '' || p.value !== ''));
  if (enabled.length === 0) {
    return base + hash;
  }
  const query = enabled.map((p) => (p.bare && p.value === '' ? p.key : `${p.key}=${p.value}`)).join('&');
  return `${base}?${query}${hash}`;
}

/**
 * Merge the params parsed from a new URL with the previous rows: enabled rows follow the URL, disabled rows stay
 * where they were (by index among the disabled), and descriptions carry over by key.
 */
export function mergeParams(previous: TParamRow[], url: string): TParamRow[] {
  const fromUrl = parseQuery(url);
  const described = new Map(previous.filter((p) => p.description).map((p) => [p.key, p.description]));
  const enabled = fromUrl.map((p) => {
    const description = described.get(p.key);
    return description ? { ...p, description } : p;
  });
  const disabled = previous.filter((p) => !p.enabled);
  return [...enabled, ...disabled];
}

/** Template variable names used in a text (`{{name}}`), without dynamic `$` variables. */
export function templateVars(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\{\{\s*([^{}\s]+)\s*\}\}/g)) {
    const name = m[1];
    if (name && !name.startsWith('$')) {
      out.add(name);
    }
  }
  return [...out];
}
