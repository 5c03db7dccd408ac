import { describe, expect, it } from 'vitest';
import { importAny } from '../importers/import-any';
import type { TCollection } from '../schema';
import { exportCollection } from './export-collection';
import { toHar } from './har/to-har';
import { toOpenApi } from './openapi/to-openapi';

const collection: TCollection = {
  v: 1,
  id: 'c1',
  name: 'Shop API',
  description: 'Shop',
  auth: { type: 'bearer', token: '{{token}}' },
  variables: [
    { key: 'baseUrl', value: 'https://shop.example.com/v2', enabled: true, secret: false },
    { key: 'orderId', value: '42', enabled: true, secret: false },
  ],
  scripts: { preRequest: '', test: '' },
  items: [
    {
      type: 'folder',
      id: 'f1',
      name: 'Orders',
      description: '',
      auth: { type: 'inherit' },
      variables: [],
      scripts: { preRequest: '', test: '' },
      items: [
        {
          type: 'request',
          id: 'r1',
          name: 'Get order',
          description: 'One order',
          method: 'GET',
          url: '{{baseUrl}}/orders/{{orderId}}?expand=items&lang=en%20US',
          headers: [{ key: 'X-Tenant', value: 'acme', enabled: true }],
          body: { mode: 'none' },
          auth: { type: 'inherit' },
          scripts: { preRequest: '', test: '' },
          settings: {},
        },
        {
          type: 'request',
          id: 'r2',
          name: 'Create order',
          description: '',
          method: 'POST',
          url: '{{baseUrl}}/orders',
          headers: [{ key: 'Content-Type', value: 'application/json', enabled: true }],
          body: { mode: 'raw', language: 'json', raw: '{"sku":"A1","qty":1}' },
          auth: { type: 'apikey', key: 'X-Key', value: '{{key}}', in: 'header' },
          scripts: { preRequest: '', test: '' },
          settings: {},
        },
      ],
    },
    {
      type: 'request',
      id: 'r3',
      name: 'Health',
      description: '',
      method: 'GET',
      url: 'https://status.example.com/health',
      headers: [],
      body: { mode: 'none' },
      auth: { type: 'none' },
      scripts: { preRequest: '', test: '' },
      settings: {},
    },
  ],
};

describe('toOpenApi', () => {
  it('writes paths, parameters, bodies, tags and security', () => {
    const { document, warnings } = toOpenApi(collection);
    expect(warnings).toEqual([]);
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([
      { url: 'https://shop.example.com/v2' },
      { url: 'https://status.example.com' },
    ]);
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
    const get = paths['/orders/{orderId}']?.get;
    expect(get?.tags).toEqual(['Orders']);
    expect(get?.parameters).toEqual([
      { name: 'orderId', in: 'path', required: true, schema: { type: 'string' }, example: '42' },
      { name: 'expand', in: 'query', schema: { type: 'string' }, example: 'items' },
      { name: 'lang', in: 'query', schema: { type: 'string' }, example: 'en US' },
      { name: 'X-Tenant', in: 'header', required: true, schema: { type: 'string' }, example: 'acme' },
    ]);
    const post = paths['/orders']?.post;
    expect(post?.requestBody).toEqual({
      content: { 'application/json': { example: { sku: 'A1', qty: 1 } } },
    });
    expect(post?.security).toEqual([{ 'apiKey_header_X-Key': [] }]);
    expect(paths['/health']?.get?.security).toEqual([]);
  });

  it('round-trips through our OpenAPI importer keeping every operation', async () => {
    const { document } = toOpenApi(collection);
    const back = await importAny(JSON.stringify(document));
    if (!back.ok) {
      throw back.error;
    }
    const names: string[] = [];
    const walk = (items: TCollection['items']) => {
      for (const i of items) {
        if (i.type === 'folder') {
          walk(i.items);
        } else {
          names.push(`${i.method} ${i.name}`);
        }
      }
    };
    walk(back.value.collections[0]?.items ?? []);
    expect(names.sort()).toEqual(['GET Get order', 'GET Health', 'POST Create order']);
  });
});

describe('toHar and curl export', () => {
  it('writes one HAR entry per request with inherited auth and variables resolved', () => {
    const har = toHar(collection);
    expect(har.log.entries).toHaveLength(3);
    const first = har.log.entries[0]?.request;
    expect(first?.url).toBe('https://shop.example.com/v2/orders/42?expand=items&lang=en%20US');
    expect(first?.headers).toContainEqual({ name: 'Authorization', value: 'Bearer {{token}}' });
    expect(first?.queryString).toEqual([
      { name: 'expand', value: 'items' },
      { name: 'lang', value: 'en US' },
    ]);
    expect(har.log.entries[1]?.request.postData).toEqual({
      mimeType: 'application/json',
      text: '{"sku":"A1","qty":1}',
    });
  });

  it('writes a curl script with one command per request', () => {
    const out = exportCollection(collection, 'curl');
    expect(out.filename).toBe('Shop-API.sh');
    expect(out.content).toContain('# Orders / Create order');
    expect(out.content).toContain('--data-raw \'{"sku":"A1","qty":1}\'');
    expect(out.content.match(/^curl /gm)).toHaveLength(3);
  });

  it('exports Postman v2.1 and YAML OpenAPI', () => {
    expect(JSON.parse(exportCollection(collection, 'postman').content).info.schema).toContain('v2.1.0');
    expect(exportCollection(collection, 'openapi-yaml').content).toMatch(/^openapi: 3\.1\.0/);
  });
});

describe('Postman export of a body on GET', () => {
  it('marks it disableBodyPruning, so Postman, newman and our importer keep the body we send', async () => {
    const [folder] = collection.items;
    const getWithBody: TCollection = {
      ...collection,
      items: [
        {
          type: 'request',
          id: 'g1',
          name: 'Search',
          description: '',
          method: 'GET',
          url: 'https://shop.example.com/search',
          headers: [],
          body: { mode: 'raw', language: 'json', raw: '{"q":"x"}' },
          auth: { type: 'none' },
          scripts: { preRequest: '', test: '' },
          settings: {},
        },
        ...(folder ? [folder] : []),
      ],
    };
    const postman = JSON.parse(exportCollection(getWithBody, 'postman').content);
    expect(postman.item[0].protocolProfileBehavior).toEqual({ disableBodyPruning: true });
    // A GET without a body gets no such flag.
    expect(postman.item[1].item[0].protocolProfileBehavior).toBeUndefined();
    const back = await importAny(JSON.stringify(postman));
    expect(back.ok ? back.value.collections[0]?.items[0] : undefined).toMatchObject({
      body: { mode: 'raw', raw: '{"q":"x"}' },
    });
  });
});
