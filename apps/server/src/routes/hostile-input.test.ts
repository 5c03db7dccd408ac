import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildWorkspace, createTestApp, makeAdmin, type TestApp } from '../test';
import { type RouteFixtureContext, routeFixtures } from '../test/route-fixtures';

// Walks every operation of the OpenAPI document as a signed-in owner with real ids, putting hostile values into
// each path param, query param and body field its schema declares. Nothing may answer 500, and the server must
// still answer afterwards. Routes added later are covered without editing this file. WALKER_DEBUG=1 prints each
// operation's status counts and any sample body the route refuses (a refused sample attacks less).

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  minimum?: number;
  minItems?: number;
  default?: unknown;
};
interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** A JSON literal spliced into the serialized body where a leaf was (JSON.stringify cannot write 1e400). */
const RAW = '"__hostile_raw__"';
const NUL = 'a\u0000b';
const LONE = 'a\ud800b';
const stringAttacks: unknown[] = [NUL, LONE, 12345, { nested: true }];
const numberAttacks: string[] = [
  '1e400',
  '-1e400',
  '18446744073709551616',
  '-18446744073709551616',
  '1.5e-400',
];
const queryAttacks = [NUL, LONE, '1e400', '18446744073709551616', '-1', 'x'.repeat(5000), '[]'];
const pathAttacks = [NUL, LONE, '18446744073709551616', '..%2F..', 'x'.repeat(300)];
const DEEP = 100_000;
const deepArray = `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`;
const deepObject = `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`;

/** encodeURIComponent, except that a lone surrogate (which it refuses) goes as the bytes a client might send. */
function enc(v: string): string {
  return v
    .split(LONE)
    .map((part) => encodeURIComponent(part))
    .join('a%ED%A0%80b');
}

function resolve(doc: OpenApi, schema: Schema | undefined): Schema {
  let s = schema ?? {};
  for (let i = 0; i < 10 && s.$ref !== undefined; i++) {
    const name = s.$ref.split('/').pop() ?? '';
    s = doc.components?.schemas?.[name] ?? {};
  }
  return s;
}

/** A small value of the schema's shape, with every property filled so that every field can be attacked. */
function sample(
  doc: OpenApi,
  raw: Schema | undefined,
  ids: Record<string, string>,
  key: string,
  depth: number,
): unknown {
  const s = resolve(doc, raw);
  if (depth > 8) {
    return undefined;
  }
  if (s.const !== undefined) {
    return s.const;
  }
  if (s.enum !== undefined) {
    return s.enum[0];
  }
  const options = s.anyOf ?? s.oneOf;
  if (options !== undefined) {
    const first = options.map((o) => resolve(doc, o)).find((o) => o.type !== 'null') ?? options[0];
    return sample(doc, first, ids, key, depth);
  }
  if (s.allOf !== undefined) {
    return sample(doc, s.allOf[0], ids, key, depth);
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [name, prop] of Object.entries(s.properties ?? {})) {
        if (depth < 4 || s.required?.includes(name)) {
          const v = sample(doc, prop, ids, name, depth + 1);
          if (v !== undefined) {
            out[name] = v;
          }
        }
      }
      return out;
    }
    case 'array': {
      const item = sample(doc, s.items, ids, key, depth + 1);
      return item === undefined ? [] : [item];
    }
    case 'string':
      if (ids[key] !== undefined) {
        return ids[key];
      }
      if (s.format === 'uuid') {
        return '00000000-0000-4000-8000-000000000000';
      }
      if (s.format === 'email') {
        return 'walker@example.test';
      }
      if (s.format === 'uri' || key === 'url') {
        return 'http://127.0.0.1:9/';
      }
      if (s.format === 'date-time') {
        return new Date(Date.now() + 86_400_000).toISOString();
      }
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return false;
    default:
      return s.default ?? 'x';
  }
}

type Path = (string | number)[];
function leaves(value: unknown, path: Path = []): { path: Path; value: unknown }[] {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    const out = entries.flatMap(([k, v]) => leaves(v, [...path, k]));
    return out.length > 0 ? out : [{ path, value }];
  }
  return [{ path, value }];
}

function replaced(value: unknown, path: Path, next: unknown): unknown {
  if (path.length === 0) {
    return next;
  }
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    return value.map((v, i) => (i === head ? replaced(v, rest, next) : v));
  }
  const obj = value as Record<string, unknown>;
  return { ...obj, [String(head)]: replaced(obj[String(head)], rest, next) };
}

/** Bodies for operations whose schema alone does not give an acceptable sample (so every field gets attacked). */
const sampleOverrides: Record<string, (c: RouteFixtureContext) => object> = {
  'PATCH /api/items/{id}': () => ({
    name: 'R',
    description: 'd',
    method: 'GET',
    url: 'http://127.0.0.1:9/',
    headers: [{ key: 'a', value: 'b', enabled: true }],
  }),
  'POST /api/workspaces/{id}/collections': () => ({ name: 'C', description: 'd', items: [] }),
  'POST /api/workspaces/{id}/import': () => ({
    content: 'curl http://127.0.0.1:9/ -H "a: b"',
    format: 'curl',
  }),
  // Valid samples, so each hostile field meets the handler (a generated one has an invalid domain in it).
  'PATCH /api/admin/settings': () => ({ signupPolicy: 'open', allowedEmailDomains: ['example.test'] }),
  'POST /api/admin/users/{id}/delete': () => ({ workspaces: 'delete' }),
  'POST /api/codegen': () => ({
    target: 'shell-curl',
    request: { v: 1, id: 'w', name: 'w', method: 'GET', url: 'http://127.0.0.1:9/' },
  }),
  'POST /api/auth/register': () => ({
    email: 'walker-new@example.test',
    password: 'plum-velvet-42',
    name: 'W',
  }),
};

const rank = (op: { method: string; path: string }) =>
  (op.path.startsWith('/api/auth/') ? 2 : 0) + (op.method === 'DELETE' ? 1 : 0);

interface Variant {
  what: string;
  url: string;
  payload?: string;
  contentType?: string;
}

function fixtureFor(url: string) {
  return routeFixtures
    .filter((f) => url === f.prefix || url.startsWith(`${f.prefix}/`))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
}

describe('hostile input on every route of the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApi;
  let c: RouteFixtureContext;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => {
    rejections.push(reason);
  };

  beforeAll(async () => {
    process.on('unhandledRejection', onRejection);
    t = await createTestApp({ env: { EXECUTION_ALLOW_PRIVATE: 'true' } });
    const { workspace, owner } = await buildWorkspace(t);
    // An instance admin, so the walk reaches /api/admin/* handlers too (others get 403 before validation).
    await makeAdmin(t, owner);
    const viewer = await addMember(t, workspace.id, 'viewer');
    c = { t, workspaceId: workspace.id, owner, viewer };
    doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  });
  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    await t.close();
  });

  it('never answers 500, and the server stays up', { timeout: 120_000 }, async () => {
    const operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
      )
      // Destructive operations last, so they do not remove what the others are called on; the session's own
      // routes (logout, password) after everything else.
      .sort((a, b) => rank(a) - rank(b));
    expect(operations.length).toBeGreaterThan(30);
    const failures: string[] = [];
    const signedOut: string[] = [];
    let sent = 0;
    /** A variant that ended the owner's session (an accepted logout): sign in again so the walk goes on. */
    const stillSignedIn = async () => {
      const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: c.owner.headers });
      if (me.statusCode === 200) {
        return;
      }
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: c.owner.email, password: c.owner.password },
      });
      expect(login.statusCode).toBe(200);
      c.owner.headers.authorization = `Bearer ${login.json().accessToken}`;
    };
    for (const { method, path, op } of operations) {
      const fastifyUrl = path.replace(/\{([^}]+)\}/g, ':$1');
      const fixture = fixtureFor(fastifyUrl);
      const params = fixture === undefined ? {} : await fixture.params(c);
      const ids: Record<string, string> = { workspaceId: c.workspaceId };
      const fill = (over: Record<string, string> = {}) =>
        path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
          enc(over[name] ?? params[name] ?? '00000000-0000-4000-8000-000000000000'),
        );
      const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
      const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
      const jsonSchema = op.requestBody?.content?.['application/json']?.schema;
      const hasBody = method !== 'GET' && method !== 'DELETE';
      const override = sampleOverrides[`${method} ${path}`];
      const body = hasBody
        ? (override?.(c) ??
          (fixture?.body === undefined ? undefined : await fixture.body(c)) ??
          sample(doc, jsonSchema, ids, '', 0) ??
          {})
        : undefined;
      const bodyText = body === undefined ? undefined : JSON.stringify(body);
      if (bodyText !== undefined && process.env.WALKER_DEBUG === '1') {
        const base = await t.app.inject({
          method: method as 'POST',
          url: fill(),
          headers: { ...c.owner.headers, 'content-type': 'application/json' },
          payload: bodyText,
        });
        if (base.statusCode === 400) {
          console.warn(`walker: sample body refused: ${method} ${path} ${base.body.slice(0, 200)}`);
        }
      }
      const variants: Variant[] = [];
      for (const p of pathParams) {
        for (const v of pathAttacks) {
          variants.push({
            what: `path ${p.name}=${JSON.stringify(v)}`,
            url: fill({ [p.name]: v }),
            payload: bodyText,
          });
        }
      }
      for (const p of queryParams) {
        for (const v of queryAttacks) {
          variants.push({
            what: `query ${p.name}=${JSON.stringify(v).slice(0, 40)}`,
            url: `${fill()}?${p.name}=${enc(v)}`,
            payload: bodyText,
          });
        }
      }
      if (hasBody) {
        const url = fill();
        for (const whole of [
          deepArray,
          deepObject,
          '[1,2]',
          '"text"',
          '1e400',
          'null',
          '{"a":',
          '{"__proto__":{"x":1}}',
          '{"constructor":{"prototype":{"x":1}}}',
          '\ufeff{}',
        ]) {
          variants.push({ what: `body ${whole.slice(0, 12)}`, url, payload: whole });
        }
        variants.push({
          what: 'utf-16 body',
          url,
          payload: '{}',
          contentType: 'application/json; charset=utf-16',
        });
        variants.push({ what: 'text body', url, payload: 'a\u0000b', contentType: 'text/plain' });
        variants.push({
          what: 'multipart without closing boundary',
          url,
          payload:
            '--XyZ\r\nContent-Disposition: form-data; name="payload"\r\n\r\n{}\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.json"\r\n\r\nhello',
          contentType: 'multipart/form-data; boundary=XyZ',
        });
        variants.push({
          what: 'multipart file name with NUL',
          url,
          payload: `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a\u0000b.json"\r\nContent-Type: application/json\r\n\r\n{}\r\n--XyZ--\r\n`,
          contentType: 'multipart/form-data; boundary=XyZ',
        });
        variants.push({
          what: 'key with NUL',
          url,
          payload: JSON.stringify(
            body !== null && typeof body === 'object' && !Array.isArray(body)
              ? { ...body, 'k\u0000': 1 }
              : { 'k\u0000': 1 },
          ),
        });
        for (const leaf of leaves(body)) {
          const at = leaf.path.join('.');
          const attacks: { label: string; text: string }[] =
            typeof leaf.value === 'number'
              ? [...numberAttacks.map((n) => ({ label: n, text: n })), { label: 'string', text: '"x"' }]
              : typeof leaf.value === 'boolean'
                ? [
                    { label: 'string', text: '"x"' },
                    { label: 'huge', text: '18446744073709551616' },
                  ]
                : [
                    ...stringAttacks.map((v) => ({ label: JSON.stringify(v), text: JSON.stringify(v) })),
                    { label: '1e400', text: '1e400' },
                  ];
          for (const a of attacks) {
            const payload = JSON.stringify(replaced(body, leaf.path, '__hostile_raw__')).replace(RAW, a.text);
            variants.push({ what: `body.${at}=${a.label}`, url, payload });
          }
        }
      }
      const statuses = new Map<number, number>();
      for (const v of variants) {
        sent += 1;
        const res = await t.app.inject({
          method: method as 'GET',
          url: v.url,
          headers: {
            ...c.owner.headers,
            ...(v.payload === undefined ? {} : { 'content-type': v.contentType ?? 'application/json' }),
          },
          ...(v.payload === undefined ? {} : { payload: v.payload }),
        });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode >= 500) {
          failures.push(`${method} ${path} ${v.what} → ${res.statusCode} ${res.body.slice(0, 160)}`);
        }
        if (res.statusCode === 401 && !path.startsWith('/api/auth/')) {
          signedOut.push(`${method} ${path} ${v.what}`);
        }
        if (path.startsWith('/api/auth/')) {
          await stillSignedIn();
        }
      }
      if (process.env.WALKER_DEBUG === '1') {
        console.warn(`walker: ${method} ${path} ${JSON.stringify(Object.fromEntries(statuses))}`);
      }
    }
    // Jobs the walk queued (runs, async executes) finish before the server is checked.
    await t.app.ctx.jobs.drain();
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(failures).toEqual([]);
    expect(rejections).toEqual([]);
    // Every call got past authentication: the walk proved something about each route.
    expect(signedOut).toEqual([]);
    expect(sent).toBeGreaterThan(500);
  });

  it('answers 400 naming the field for NUL, lone surrogates and deep nesting', async () => {
    const url = `/api/workspaces/${c.workspaceId}/collections`;
    const send = (payload: string) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { ...c.owner.headers, 'content-type': 'application/json' },
        payload,
      });
    const nul = await send(JSON.stringify({ name: 'a\u0000b' }));
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.message).toBe('body.name: must not contain NUL characters');
    const lone = await send(JSON.stringify({ name: 'ok', variables: [{ key: 'k', value: 'a\udc00' }] }));
    expect(lone.statusCode).toBe(400);
    expect(lone.json().error.details.issues[0].field).toBe('body.variables.0.value');
    // A surrogate pair is fine.
    expect((await send(JSON.stringify({ name: 'emoji \u{1F600}' }))).statusCode).toBe(201);
    const deep = await send(deepObject);
    expect(deep.statusCode).toBe(400);
    expect(deep.json().error.message).toMatch(/^body\.a\.a.*: must not nest deeper than 256 levels$/);
    const deepArr = await send(deepArray);
    expect(deepArr.statusCode).toBe(400);
    const query = await t.app.inject({
      method: 'GET',
      url: `/api/workspaces/${c.workspaceId}/history?q=a%00b`,
      headers: c.owner.headers,
    });
    expect(query.statusCode).toBe(400);
    expect(query.json().error.message).toBe('querystring.q: must not contain NUL characters');
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('bounds JSON depth on the built-in targets too, which keep NUL (they store nothing)', async () => {
    for (const payload of [deepObject, deepArray]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/demo/store/login',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode).toBe(400);
    }
    const echo = await t.app.inject({
      method: 'POST',
      url: '/echo/anything',
      headers: { 'content-type': 'application/json' },
      payload: deepObject,
    });
    expect(echo.statusCode).toBeLessThan(500);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
