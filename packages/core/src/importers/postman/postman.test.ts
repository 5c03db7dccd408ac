import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toPostmanCollection, toPostmanEnvironment } from '../../exporters/postman';
import {
  CollectionFormat,
  EnvironmentFormat,
  type TCollection,
  type TFolder,
  type TItem,
} from '../../schema';
import { fromPostmanCollection, fromPostmanEnvironment, isPostmanCollection, isPostmanEnvironment } from '.';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(here, 'fixtures', name), 'utf8'));
const sharedDir = resolve(here, '../../../../../../shared/fixtures/postman');

function importOk(input: unknown): { value: TCollection; warnings: string[] } {
  const result = fromPostmanCollection(input);
  if (!result.ok) {
    throw result.error;
  }
  return result.value;
}

function find(items: TItem[], name: string): TItem {
  for (const item of items) {
    if (item.name === name) {
      return item;
    }
    if (item.type === 'folder') {
      try {
        return find(item.items, name);
      } catch {
        // keep looking in siblings
      }
    }
  }
  throw new Error(`no item ${name}`);
}

describe('fromPostmanCollection (v2.1 kitchen sink)', () => {
  const { value: c, warnings } = importOk(fixture('kitchen-sink.v21.json'));

  it('validates against our collection format', () => {
    const parsed = CollectionFormat.safeParse(c);
    expect(parsed.ok).toBe(true);
  });

  it('keeps collection info, auth, variables and scripts', () => {
    expect(c.id).toBe('11111111-2222-4333-8444-555555555555');
    expect(c.name).toBe('Kitchen sink');
    expect(c.description).toBe('Every feature the importer maps');
    expect(c.auth).toEqual({ type: 'bearer', token: '{{token}}' });
    expect(c.variables).toEqual([
      { key: 'baseUrl', value: 'http://127.0.0.1:3000', enabled: true, secret: false },
      { key: 'secretThing', value: 's3cr3t', enabled: true, secret: true },
      { key: 'off', value: 'x', enabled: false, secret: false },
      { key: 'num', value: '42', enabled: true, secret: false },
    ]);
    expect(c.scripts).toEqual({
      preRequest: "console.log('collection pre');",
      test: "pm.test('collection test', () => {});",
    });
  });

  it('nests folders with their auth, variables, description and scripts', () => {
    const folder = c.items[0] as TFolder;
    expect(folder.type).toBe('folder');
    expect(folder.description).toBe('Folder description');
    expect(folder.auth).toEqual({ type: 'basic', username: 'u', password: 'p' });
    expect(folder.variables.map((v) => v.key)).toEqual(['folderVar']);
    expect(folder.scripts.preRequest).toBe("pm.variables.set('f', 1);\n// two lines");
    const nested = folder.items[0] as TFolder;
    expect(nested.type).toBe('folder');
    expect(nested.auth).toEqual({ type: 'inherit' });
    expect(nested.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('maps requests: method, url with path variables, headers, description, tests', () => {
    const r = find(c.items, 'Inherit GET');
    if (r.type !== 'request') {
      throw new Error('expected request');
    }
    expect(r.method).toBe('GET');
    expect(r.url).toBe('{{baseUrl}}/users/7?page=2');
    expect(r.auth).toEqual({ type: 'inherit' });
    expect(r.description).toBe('Request description');
    expect(r.headers).toEqual([
      { key: 'Accept', value: 'application/json', enabled: true },
      { key: 'X-Off', value: '1', enabled: false, description: 'off header' },
    ]);
    expect(r.scripts.test).toContain('pm.response.to.have.status(200)');
    expect(warnings.some((w) => w.includes('disabled query'))).toBe(true);
  });

  it('maps every body mode and auth kind', () => {
    const get = (name: string) => {
      const item = find(c.items, name);
      if (item.type !== 'request') {
        throw new Error('expected request');
      }
      return item;
    };
    const post = get('No auth JSON POST');
    expect(post.auth).toEqual({ type: 'none' });
    expect(post.body).toEqual({ mode: 'raw', raw: '{"a":1}', language: 'json' });
    const form = get('Urlencoded');
    expect(form.auth).toEqual({ type: 'apikey', key: 'X-Key', value: 'k', in: 'query' });
    expect(form.body).toEqual({
      mode: 'urlencoded',
      urlencoded: [
        { key: 'a', value: '1', enabled: true },
        { key: 'b', value: '2', enabled: false },
      ],
    });
    expect(form.settings).toEqual({ followRedirects: false, maxRedirects: 3 });
    const multi = get('Formdata');
    expect(multi.auth).toEqual({ type: 'digest', username: 'd', password: 'pw' });
    expect(multi.body).toEqual({
      mode: 'formdata',
      formdata: [
        { key: 'field', type: 'text', value: 'v', enabled: true },
        {
          key: 'upload',
          type: 'file',
          value: '',
          src: './files/a.txt',
          contentType: 'text/plain',
          enabled: true,
        },
      ],
    });
    const bin = get('Binary');
    expect(bin.body).toEqual({ mode: 'binary', file: { src: './files/blob.bin' } });
    expect(bin.auth).toMatchObject({
      type: 'awsv4',
      accessKeyId: 'AK',
      secretAccessKey: 'SK',
      region: 'eu-west-1',
    });
    const gql = get('GraphQL');
    expect(gql.body).toEqual({
      mode: 'graphql',
      graphql: { query: 'query { me { id } }', variables: '{"x":1}' },
    });
    expect(gql.auth).toMatchObject({
      type: 'oauth2',
      grantType: 'client_credentials',
      clientId: 'cid',
      scope: 'read',
      clientAuthentication: 'body',
    });
    expect(get('OAuth1 (unsupported)').auth).toEqual({ type: 'none' });
    expect(warnings.some((w) => w.includes("auth 'oauth1' is not supported"))).toBe(true);
  });
});

describe('fromPostmanCollection (v2.0 shapes and bad input)', () => {
  it('reads v2.0 auth maps, string requests, string headers and url objects without raw', () => {
    const { value: c } = importOk(fixture('v20.json'));
    expect(c.auth).toEqual({ type: 'basic', username: 'alice', password: 'pw' });
    const [a, b] = c.items;
    expect(a).toMatchObject({ type: 'request', method: 'GET', url: 'http://127.0.0.1/get?x=1' });
    expect(b).toMatchObject({
      type: 'request',
      method: 'POST',
      url: 'http://127.0.0.1:8080/a/b?q=1',
      headers: [
        { key: 'Content-Type', value: 'text/plain', enabled: true },
        { key: 'X-A', value: 'b', enabled: true },
      ],
      body: { mode: 'raw', raw: 'hello', language: 'text' },
    });
  });

  it('returns IMPORT_INVALID naming the JSON path', () => {
    const bad = fromPostmanCollection({
      info: { name: 'x' },
      item: [{ name: 'ok', request: { url: 'u' } }, 5],
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('IMPORT_INVALID');
      expect(bad.error.message).toContain('$.item[1]');
    }
    const bad2 = fromPostmanCollection({
      info: { name: 'x' },
      item: [
        { name: 'r', request: { method: 'POST', url: 'u', header: 'x', body: { mode: 'raw', raw: {} } } },
      ],
    });
    expect(bad2.ok).toBe(false);
    if (!bad2.ok) {
      expect(bad2.error.message).toContain('$.item[0].request.body.raw');
    }
    expect(fromPostmanCollection('nope').ok).toBe(false);
  });

  it('drops the body of a GET as Postman does, unless disableBodyPruning is set', () => {
    const doc = (behavior?: Record<string, unknown>) => ({
      info: { name: 'x', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: [
        {
          name: 'g',
          request: { method: 'GET', url: 'http://h/x', body: { mode: 'raw', raw: 'payload' } },
          ...(behavior ? { protocolProfileBehavior: behavior } : {}),
        },
      ],
    });
    const pruned = fromPostmanCollection(doc());
    expect(pruned.ok && pruned.value.value.items[0]).toMatchObject({ body: { mode: 'none' } });
    expect(pruned.ok && pruned.value.warnings.join('\n')).toContain('disableBodyPruning');
    const kept = fromPostmanCollection(doc({ disableBodyPruning: true }));
    expect(kept.ok && kept.value.value.items[0]).toMatchObject({ body: { mode: 'raw', raw: 'payload' } });
  });

  it('detects collections and environments', () => {
    expect(isPostmanCollection(fixture('kitchen-sink.v21.json'))).toBe(true);
    expect(isPostmanCollection({ name: 'x', item: [] })).toBe(true);
    expect(isPostmanCollection({ openapi: '3.0.0' })).toBe(false);
    expect(isPostmanEnvironment({ name: 'e', values: [] })).toBe(true);
    expect(isPostmanEnvironment({ item: [] })).toBe(false);
  });
});

describe('fromPostmanEnvironment', () => {
  it('maps values, enabled and secret', () => {
    const r = fromPostmanEnvironment({
      id: 'e1',
      name: 'Env',
      values: [
        { key: 'a', value: '1', enabled: true, type: 'default' },
        { key: 'b', value: 2, enabled: false },
        { key: 'c', value: 'x', type: 'secret' },
      ],
      _postman_variable_scope: 'environment',
    });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(EnvironmentFormat.safeParse(r.value.value).ok).toBe(true);
      expect(r.value.value.variables).toEqual([
        { key: 'a', value: '1', enabled: true, secret: false },
        { key: 'b', value: '2', enabled: false, secret: false },
        { key: 'c', value: 'x', enabled: true, secret: true },
      ]);
      expect(toPostmanEnvironment(r.value.value).values[2]).toEqual({
        key: 'c',
        value: 'x',
        type: 'secret',
        enabled: true,
      });
    }
    const bad = fromPostmanEnvironment({ values: [{ key: 'a' }, 'x'] });
    expect(!bad.ok && bad.error.message).toContain('$.values[1]');
  });
});

/** What the round trip must keep: folders, auth, variables, scripts, bodies, descriptions and events. */
function essentials(c: TCollection): unknown {
  const items = (list: TItem[]): unknown[] =>
    list.map((item) =>
      item.type === 'folder'
        ? {
            f: item.name,
            d: item.description,
            a: item.auth,
            v: item.variables,
            s: item.scripts,
            i: items(item.items),
          }
        : {
            r: item.name,
            d: item.description,
            a: item.auth,
            b: item.body,
            s: item.scripts,
            u: item.url,
            m: item.method,
            h: item.headers,
            st: item.settings,
          },
    );
  return { n: c.name, d: c.description, a: c.auth, v: c.variables, s: c.scripts, i: items(c.items) };
}

describe('round trip Postman → ours → Postman', () => {
  it('keeps the kitchen sink', () => {
    const original = fixture('kitchen-sink.v21.json') as Record<string, unknown>;
    const first = importOk(original).value;
    const exported = toPostmanCollection(first);
    expect(exported.info.schema).toContain('v2.1.0');
    const second = importOk(JSON.parse(JSON.stringify(exported))).value;
    expect(essentials(second)).toEqual(essentials(first));
    // Ids survive so re-imports update rather than duplicate.
    expect(second.items.map((i) => i.id)).toEqual(first.items.map((i) => i.id));
    // Events come back in Postman shape.
    expect(exported.event?.map((e) => e.listen)).toEqual(['prerequest', 'test']);
    const folder = exported.item[0];
    expect(folder?.auth).toEqual({
      type: 'basic',
      basic: [
        { key: 'username', value: 'u', type: 'string' },
        { key: 'password', value: 'p', type: 'string' },
      ],
    });
    expect(folder?.description).toBe('Folder description');
  });

  it('exports urls with parts Postman can read', () => {
    const exported = toPostmanCollection(importOk(fixture('kitchen-sink.v21.json')).value);
    const get = exported.item[0]?.item?.[0]?.item?.[0]?.request;
    expect(get?.url).toEqual({
      raw: '{{baseUrl}}/users/7?page=2',
      host: ['{{baseUrl}}'],
      path: ['users', '7'],
      query: [{ key: 'page', value: '2' }],
    });
  });
});

describe.skipIf(!existsSync(sharedDir))('real Postman files (../shared/fixtures/postman)', () => {
  const files = existsSync(sharedDir) ? readdirSync(sharedDir).filter((f) => f.endsWith('.json')) : [];
  it.each(files.filter((f) => f.endsWith('_collection.json')))('imports and round-trips %s', (file) => {
    const doc: unknown = JSON.parse(readFileSync(join(sharedDir, file), 'utf8'));
    expect(isPostmanCollection(doc)).toBe(true);
    const first = importOk(doc).value;
    expect(CollectionFormat.safeParse(first).ok).toBe(true);
    const second = importOk(JSON.parse(JSON.stringify(toPostmanCollection(first)))).value;
    expect(essentials(second)).toEqual(essentials(first));
  });
  it.each(files.filter((f) => f.endsWith('_environment.json') || f.endsWith('_globals.json')))(
    'imports %s',
    (file) => {
      const doc: unknown = JSON.parse(readFileSync(join(sharedDir, file), 'utf8'));
      const r = fromPostmanEnvironment(doc);
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.value.value.variables.length).toBeGreaterThan(0);
      }
    },
  );
  it('counts folders, requests and scripts of the newman multi-level fixture', () => {
    const doc: unknown = JSON.parse(
      readFileSync(join(sharedDir, 'newman-multi-level-folders-v2.postman_collection.json'), 'utf8'),
    );
    const c = importOk(doc).value;
    let folders = 0;
    let scripts = 0;
    const walk = (items: TItem[]) => {
      for (const i of items) {
        if (i.scripts.preRequest || i.scripts.test) {
          scripts += 1;
        }
        if (i.type === 'folder') {
          folders += 1;
          walk(i.items);
        }
      }
    };
    walk(c.items);
    expect(folders).toBeGreaterThanOrEqual(3);
    expect(scripts).toBeGreaterThan(0);
  });
});

if (!existsSync(sharedDir)) {
  console.warn(`skipping real Postman fixtures: ${sharedDir} not found`);
}
