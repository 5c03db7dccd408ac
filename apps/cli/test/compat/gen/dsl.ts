// A small DSL that writes Postman v2.1 collections for the differential suite.

export type Script = string;

/** A helper every generated script can call: logs `label = JSON` or `label threw ErrorName`. */
const SHOW = `function show(l, f) { try { var v = f(); console.log(l + ' = ' + (v === undefined ? 'undefined' : typeof v === 'function' ? 'function' : JSON.stringify(v))); } catch (e) { console.log(l + ' threw ' + (e && e.name)); } }`;

export interface Req {
  name: string;
  method?: string;
  url: string | Record<string, unknown>;
  header?: { key: string; value: string; disabled?: boolean }[];
  body?: Record<string, unknown>;
  auth?: Record<string, unknown>;
  pre?: Script;
  test?: Script;
  id?: string;
  settings?: Record<string, unknown>;
}
export interface Folder {
  name: string;
  items: (Req | Folder)[];
  pre?: Script;
  test?: Script;
  auth?: Record<string, unknown>;
}

const lines = (s: Script) => [SHOW, ...s.trim().split('\n')];

export const events = (pre?: Script, test?: Script) => [
  ...(pre ? [{ listen: 'prerequest', script: { type: 'text/javascript', exec: lines(pre) } }] : []),
  ...(test ? [{ listen: 'test', script: { type: 'text/javascript', exec: lines(test) } }] : []),
];

function toItem(x: Req | Folder): Record<string, unknown> {
  if ('items' in x) {
    return {
      name: x.name,
      item: x.items.map(toItem),
      event: events(x.pre, x.test),
      ...(x.auth ? { auth: x.auth } : {}),
    };
  }
  return {
    ...(x.id ? { id: x.id } : {}),
    name: x.name,
    request: {
      method: x.method ?? 'GET',
      header: x.header ?? [],
      url: x.url,
      ...(x.body ? { body: x.body } : {}),
      ...(x.auth ? { auth: x.auth } : {}),
    },
    event: events(x.pre, x.test),
    ...(x.settings ? { protocolProfileBehavior: x.settings } : {}),
  };
}

export interface DiffCase {
  name: string;
  collection: Record<string, unknown>;
  environment?: Record<string, unknown>;
  globals?: Record<string, unknown>;
  /** Iteration data file: its text and extension. */
  data?: { ext: 'csv' | 'json'; text: string };
  iterations?: number;
  bail?: boolean;
  /** Longer per-script time limit is never needed: scripts here are short. */
  area: string;
}

export interface CollectionExtra {
  pre?: Script;
  test?: Script;
  variable?: { key: string; value: string; disabled?: boolean }[];
  auth?: Record<string, unknown>;
}

export function collection(name: string, items: (Req | Folder)[], extra: CollectionExtra = {}) {
  return {
    info: { name, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: items.map(toItem),
    event: events(extra.pre, extra.test),
    ...(extra.variable ? { variable: extra.variable } : {}),
    ...(extra.auth ? { auth: extra.auth } : {}),
  };
}

export function env(
  values: Record<string, string> | { key: string; value: string; enabled?: boolean }[],
  scope: 'environment' | 'globals' = 'environment',
) {
  const list = Array.isArray(values)
    ? values.map((v) => ({ key: v.key, value: v.value, enabled: v.enabled ?? true }))
    : Object.entries(values).map(([key, value]) => ({ key, value, enabled: true }));
  return { name: `diff-${scope}`, values: list, _postman_variable_scope: scope };
}

/** Shorthand: one case with one collection. */
export function single(
  area: string,
  name: string,
  items: (Req | Folder)[],
  rest: Partial<Omit<DiffCase, 'name' | 'collection' | 'area'>> & { extra?: CollectionExtra } = {},
): DiffCase {
  const { extra, ...others } = rest;
  return {
    area,
    name: `${area}-${name}`,
    collection: collection(`${area}-${name}`, items, extra),
    ...others,
  };
}

/** A probe: one request to the echo server, a script that shows each expression. */
export function probe(
  area: string,
  name: string,
  exprs: string[],
  opts: { phase?: 'pre' | 'test'; req?: Partial<Req>; rest?: Parameters<typeof single>[3] } = {},
): DiffCase {
  const script = exprs.map((e) => `show(${JSON.stringify(e)}, function () { return ${e}; });`).join('\n');
  const r: Req = {
    name,
    url: '{{baseUrl}}/echo/probe?a=1&b=two',
    ...opts.req,
    ...(opts.phase === 'pre' ? { pre: script } : { test: script }),
  };
  return single(area, name, [r], opts.rest);
}
