import { describe, expect, it } from 'vitest';
import type { TCollection, TFolder, TItem, TRequestItem } from '../../schema';
import { detectFormat } from '../detect-format';
import { importAny } from '../import-any';
import type { ImportOutput } from '../types';
import {
  curlText,
  harJson,
  insomniaJson,
  openapi30Json,
  openapi31Yaml,
  postmanJson,
  swagger2Json,
} from './samples';

async function imported(text: string, options = {}): Promise<ImportOutput> {
  const r = await importAny(text, options);
  if (!r.ok) {
    throw r.error;
  }
  return r.value;
}

function requests(items: readonly TItem[]): TRequestItem[] {
  return items.flatMap((i) => (i.type === 'folder' ? requests(i.items) : [i]));
}

function byName(c: TCollection | undefined, name: string): TRequestItem {
  const found = requests(c?.items ?? []).find((r) => r.name === name);
  if (!found) {
    throw new Error(`no request ${name}`);
  }
  return found;
}

describe('detectFormat', () => {
  it.each([
    [openapi30Json, 'openapi'],
    [openapi31Yaml, 'openapi'],
    [swagger2Json, 'openapi'],
    [insomniaJson, 'insomnia'],
    [harJson, 'har'],
    [curlText, 'curl'],
    [postmanJson, 'postman'],
    ['{"values":[{"key":"a","value":"b"}],"name":"E"}', 'postman-environment'],
    ['{"hello": 1}', null],
    ['not: [valid', null],
  ])('%#', (text, format) => {
    expect(detectFormat(text)).toBe(format);
  });
});

describe('OpenAPI 3.0', () => {
  it('maps servers, tags, params, bodies and security', async () => {
    const out = await imported(openapi30Json);
    const c = out.collections[0];
    expect(c?.name).toBe('Pets');
    expect(c?.variables.find((v) => v.key === 'baseUrl')?.value).toBe('https://api.example.com/v1');
    expect(c?.auth).toEqual({ type: 'bearer', token: '{{bearerToken}}' });
    const folder = c?.items.find((i): i is TFolder => i.type === 'folder');
    expect(folder?.name).toBe('pets');
    expect(folder?.description).toBe('Pet operations');

    const list = byName(c, 'List pets');
    expect(list.url).toBe('{{baseUrl}}/pets?limit=20');
    expect(list.description).toContain('Optional query parameters: q');
    expect(list.headers).toEqual([
      { key: 'X-Request-Id', value: '3fa85f64-5717-4562-b3fc-2c963f66afa6', enabled: true },
    ]);
    expect(list.auth).toEqual({ type: 'inherit' });

    const create = byName(c, 'createPet');
    expect(create.auth).toEqual({ type: 'apikey', key: 'api_key', value: '{{apiKey}}', in: 'query' });
    expect(create.body.mode).toBe('raw');
    const body = create.body.mode === 'raw' ? JSON.parse(create.body.raw) : null;
    // readOnly id left out; the Person ↔ Pet cycle is cut instead of recursing forever.
    expect(body).toMatchObject({
      name: 'Rex',
      born: '2024-01-01',
      owner: { name: 'string' },
      tags: ['string'],
    });
    expect(body.id).toBeUndefined();
    expect(create.headers[0]).toEqual({ key: 'Content-Type', value: 'application/json', enabled: true });

    const get = byName(c, 'Get pet');
    expect(get.url).toBe('{{baseUrl}}/pets/{{petId}}');
    expect(get.auth).toEqual({ type: 'none' });
    expect(c?.variables.find((v) => v.key === 'petId')?.value).toBe('p1');

    const upload = byName(c, 'Upload photo');
    expect(upload.auth).toMatchObject({
      type: 'oauth2',
      grantType: 'client_credentials',
      accessTokenUrl: 'https://auth.example.com/token',
      scope: 'read',
    });
    expect(upload.body).toEqual({
      mode: 'formdata',
      formdata: [
        { key: 'photo', type: 'file', value: '', enabled: true },
        { key: 'caption', type: 'text', value: 'string', enabled: false },
      ],
    });
    const login = byName(c, 'Login');
    expect(login.body).toEqual({
      mode: 'urlencoded',
      urlencoded: [
        { key: 'user', value: 'string', enabled: true },
        { key: 'remember', value: 'true', enabled: false },
      ],
    });
  });

  it('reads 3.1 YAML with type arrays', async () => {
    const out = await imported(openapi31Yaml);
    const c = out.collections[0];
    expect(c?.variables.find((v) => v.key === 'baseUrl')?.value).toBe('http://localhost:8080');
    expect(requests(c?.items ?? []).map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET {{baseUrl}}/things/{{id}}',
      'DELETE {{baseUrl}}/things/{{id}}',
    ]);
    expect(c?.variables.find((v) => v.key === 'id')?.value).toBe('string');
  });

  it('reads Swagger 2.0: host/basePath, body and formData params, security definitions', async () => {
    const out = await imported(swagger2Json);
    const c = out.collections[0];
    expect(c?.variables.find((v) => v.key === 'baseUrl')?.value).toBe('https://old.example.com/api');
    expect(c?.auth).toEqual({ type: 'basic', username: '{{username}}', password: '{{password}}' });
    const [create, avatar] = requests(c?.items ?? []);
    expect(create?.body).toEqual({
      mode: 'raw',
      language: 'json',
      raw: JSON.stringify({ email: 'user@example.com', age: 0 }, null, 2),
    });
    expect(avatar?.url).toBe('{{baseUrl}}/users/{{id}}/avatar');
    expect(avatar?.auth).toEqual({ type: 'apikey', key: 'X-Key', value: '{{apiKey}}', in: 'header' });
    expect(avatar?.body).toEqual({
      mode: 'formdata',
      formdata: [
        { key: 'file', type: 'file', value: '', enabled: true },
        { key: 'note', type: 'text', value: 'string', enabled: false },
      ],
    });
  });
});

describe('Insomnia v4', () => {
  it('builds folders, requests and base + sub environments', async () => {
    const out = await imported(insomniaJson);
    const c = out.collections[0];
    expect(c?.name).toBe('My API');
    const folder = c?.items[0];
    expect(folder?.type).toBe('folder');
    expect(folder?.type === 'folder' ? folder.variables : []).toEqual([
      { key: 'page', value: '1', enabled: true, secret: false },
    ]);
    const list = byName(c, 'List users');
    expect(list.url).toBe('{{host}}/users?page={{page}}');
    expect(list.auth).toEqual({ type: 'bearer', token: '{{token}}' });
    const create = byName(c, 'Create');
    expect(create.body).toEqual({ mode: 'raw', raw: '{"name":"a"}', language: 'json' });
    expect(out.environments.map((e) => e.name)).toEqual(['Base', 'Production']);
    const prod = out.environments[1]?.variables ?? [];
    expect(prod.find((v) => v.key === 'host')?.value).toBe('https://prod.example.com');
    expect(prod.find((v) => v.key === 'token')?.value).toBe('base-token');
    expect(prod.find((v) => v.key === 'nested.a')?.value).toBe('1');
  });
});

describe('HAR', () => {
  it('imports entries, dropping HTTP/2 pseudo-headers', async () => {
    const out = await imported(harJson);
    const [json, form] = requests(out.collections[0]?.items ?? []);
    expect(json?.url).toBe('https://example.com/api?x=1');
    expect(json?.headers).toEqual([{ key: 'Content-Type', value: 'application/json', enabled: true }]);
    expect(json?.body).toEqual({ mode: 'raw', raw: '{"a":1}', language: 'json' });
    expect(form?.body).toEqual({
      mode: 'urlencoded',
      urlencoded: [
        { key: 'a', value: '1', enabled: true },
        { key: 'b', value: 'two words', enabled: true },
      ],
    });
  });
});

describe('cURL', () => {
  it('imports several commands with curlconverter', async () => {
    const out = await imported(curlText);
    const [post, upload] = requests(out.collections[0]?.items ?? []);
    expect(post?.method).toBe('POST');
    expect(post?.url).toBe('https://example.com/items?x=1');
    expect(post?.auth).toEqual({ type: 'basic', username: 'alice', password: 'secret' });
    expect(post?.body).toEqual({ mode: 'raw', raw: '{"a":1}', language: 'json' });
    expect(upload?.body).toEqual({
      mode: 'formdata',
      formdata: [
        { key: 'title', type: 'text', value: 'hello', enabled: true },
        { key: 'file', type: 'file', value: '', src: 'photo.png', enabled: true },
      ],
    });
    expect(upload?.settings.strictSSL).toBe(false);
  });
});

describe('bad input', () => {
  it('names line and column of a JSON syntax error', async () => {
    const r = await importAny('{\n  "openapi": "3.0.0",\n  "paths": {,\n}');
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error.code).toBe('IMPORT_INVALID');
    expect(r.ok ? '' : r.error.message).toMatch(/line 3, column \d+/);
  });

  it('names line and column of a YAML syntax error', async () => {
    const r = await importAny('openapi: 3.0.0\ninfo:\n  title: "x\npaths: {}\n');
    expect(r.ok ? '' : r.error.message).toMatch(/YAML syntax error at line \d+, column \d+/);
  });

  it('names the JSON path of a structural error', async () => {
    const r = await importAny(
      JSON.stringify({ openapi: '3.0.0', info: {}, paths: { '/a': { get: 'nope' } } }),
    );
    expect(r.ok ? '' : r.error.message).toBe('paths./a.get: expected an object');
    const r2 = await importAny(JSON.stringify({ _type: 'export', __export_format: 4, resources: [1] }));
    expect(r2.ok ? '' : r2.error.message).toBe('resources[0]: expected an object');
  });

  it('refuses unknown and empty input', async () => {
    const r = await importAny('{"hello":"world"}');
    expect(r.ok ? '' : r.error.message).toMatch(/unrecognised format/);
    const empty = await importAny('   ');
    expect(empty.ok ? '' : empty.error.code).toBe('IMPORT_INVALID');
  });

  it('refuses input over the size cap with PAYLOAD_TOO_LARGE (413)', async () => {
    const r = await importAny(openapi30Json, { maxBytes: 100 });
    expect(r.ok).toBe(false);
    expect(r.ok ? 0 : r.error.status).toBe(413);
  });

  it('refuses a forced format that does not fit', async () => {
    const r = await importAny(harJson, { format: 'openapi' });
    expect(r.ok ? '' : r.error.message).toMatch(/openapi/);
  });
});
