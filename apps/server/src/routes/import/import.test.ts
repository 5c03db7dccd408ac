import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildUser, buildWorkspace, createTestApp, type TestApp, type TestUser } from '../../test';

let t: TestApp;
let editor: TestUser;
let viewer: TestUser;
let outsider: TestUser;
let workspaceId: string;

const openapi = JSON.stringify({
  openapi: '3.0.0',
  info: { title: 'Pets', version: '1' },
  servers: [{ url: 'https://pets.example.com' }],
  paths: {
    '/pets': {
      get: { tags: ['pets'], summary: 'List pets', responses: { '200': { description: 'ok' } } },
      post: {
        tags: ['pets'],
        summary: 'Create pet',
        requestBody: {
          content: {
            'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } } },
          },
        },
        responses: { '201': { description: 'created' } },
      },
    },
    '/pets/{id}': { delete: { summary: 'Delete pet', responses: { '204': { description: 'gone' } } } },
  },
});

const insomnia = JSON.stringify({
  _type: 'export',
  __export_format: 4,
  resources: [
    { _id: 'wrk_1', _type: 'workspace', parentId: null, name: 'Ins' },
    { _id: 'env_1', _type: 'environment', parentId: 'wrk_1', name: 'Base', data: { host: 'https://x.test' } },
    { _id: 'req_1', _type: 'request', parentId: 'wrk_1', name: 'R', method: 'GET', url: '{{ _.host }}/r' },
  ],
});

function multipart(fields: Record<string, string>, file: { name: string; content: string }) {
  const boundary = 'testboundary42';
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n${file.content}\r\n`,
  );
  return {
    payload: `${parts.join('')}--${boundary}--\r\n`,
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

beforeAll(async () => {
  t = await createTestApp({ env: { IMPORT_MAX_BYTES: '64kb' } });
  const built = await buildWorkspace(t);
  workspaceId = built.workspace.id;
  editor = await addMember(t, workspaceId, 'editor');
  viewer = await addMember(t, workspaceId, 'viewer');
  outsider = await buildUser(t);
});
afterAll(() => t.close());

const importUrl = () => `/api/workspaces/${workspaceId}/import`;

describe('POST /api/workspaces/:id/import', () => {
  let collectionId = '';

  it('imports an OpenAPI document as JSON content and stores the tree', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: importUrl(),
      headers: editor.headers,
      payload: { content: openapi },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.collections).toHaveLength(1);
    expect(body.collections[0].name).toBe('Pets');
    collectionId = body.collections[0].id;
    const tree = await t.app.inject({
      method: 'GET',
      url: `/api/collections/${collectionId}`,
      headers: viewer.headers,
    });
    expect(tree.statusCode, tree.body).toBe(200);
    const items = tree.json().items;
    expect(items[0].type).toBe('folder');
    expect(items[0].items.map((i: { name: string }) => i.name)).toEqual(['List pets', 'Create pet']);
    expect(items[1].url).toBe('{{baseUrl}}/pets/{{id}}');
  });

  it('imports a multipart upload with environments', async () => {
    const { payload, contentType } = multipart(
      { format: 'insomnia' },
      { name: 'export.json', content: insomnia },
    );
    const res = await t.app.inject({
      method: 'POST',
      url: importUrl(),
      headers: { ...editor.headers, 'content-type': contentType },
      payload,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().environments.map((e: { name: string }) => e.name)).toEqual(['Base']);
    expect(res.json().collections[0].name).toBe('Ins');
  });

  it('answers 400 IMPORT_INVALID naming line and column for malformed input', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: importUrl(),
      headers: editor.headers,
      payload: { content: '{\n "openapi": "3.0.0",\n "paths": [\n' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('IMPORT_INVALID');
    expect(res.json().error.message).toMatch(/line \d+, column \d+/);
  });

  it('answers 400 IMPORT_INVALID for an unknown format', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: importUrl(),
      headers: editor.headers,
      payload: { content: 'hello' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('IMPORT_INVALID');
  });

  it('answers 413 over IMPORT_MAX_BYTES, as JSON and as an upload', async () => {
    const big = `curl https://x.test/${'a'.repeat(70 * 1024)}`;
    const res = await t.app.inject({
      method: 'POST',
      url: importUrl(),
      headers: editor.headers,
      payload: { content: big },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const { payload, contentType } = multipart({}, { name: 'big.txt', content: big });
    const up = await t.app.inject({
      method: 'POST',
      url: importUrl(),
      headers: { ...editor.headers, 'content-type': contentType },
      payload,
    });
    expect(up.statusCode).toBe(413);
  });

  it('needs the editor role (viewer 403, outsider 404)', async () => {
    const asViewer = await t.app.inject({
      method: 'POST',
      url: importUrl(),
      headers: viewer.headers,
      payload: { content: openapi },
    });
    expect(asViewer.statusCode).toBe(403);
    const asOutsider = await t.app.inject({
      method: 'POST',
      url: importUrl(),
      headers: outsider.headers,
      payload: { content: openapi },
    });
    expect(asOutsider.statusCode).toBe(404);
  });

  it('exports the stored collection as OpenAPI, Postman and HAR', async () => {
    const oas = await t.app.inject({
      method: 'GET',
      url: `/api/collections/${collectionId}/export?format=openapi`,
      headers: viewer.headers,
    });
    expect(oas.statusCode, oas.body).toBe(200);
    expect(oas.headers['content-disposition']).toContain('Pets.openapi.json');
    const doc = JSON.parse(oas.body);
    expect(Object.keys(doc.paths).sort()).toEqual(['/pets', '/pets/{id}']);
    expect(Object.keys(doc.paths['/pets']).sort()).toEqual(['get', 'post']);

    const pm = await t.app.inject({
      method: 'GET',
      url: `/api/collections/${collectionId}/export?format=postman`,
      headers: viewer.headers,
    });
    expect(pm.statusCode).toBe(200);
    expect(JSON.parse(pm.body).info.schema).toContain('v2.1.0');

    const har = await t.app.inject({
      method: 'GET',
      url: `/api/collections/${collectionId}/export?format=har`,
      headers: viewer.headers,
    });
    expect(har.statusCode).toBe(200);
    expect(JSON.parse(har.body).log.entries).toHaveLength(3);

    const bad = await t.app.inject({
      method: 'GET',
      url: `/api/collections/${collectionId}/export?format=docx`,
      headers: viewer.headers,
    });
    expect(bad.statusCode).toBe(400);
    const outside = await t.app.inject({
      method: 'GET',
      url: `/api/collections/${collectionId}/export`,
      headers: outsider.headers,
    });
    expect(outside.statusCode).toBe(404);
  });
});

describe('codegen API', () => {
  it('lists at least 15 targets', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/codegen/targets', headers: viewer.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().targets.length).toBeGreaterThanOrEqual(15);
    expect(res.json().targets.map((x: { id: string }) => x.id)).toContain('python-requests');
  });

  it('generates code with placeholders or resolved variables', async () => {
    const request = { method: 'GET', url: '{{base}}/users?x=1', headers: [{ key: 'X-A', value: '{{a}}' }] };
    const kept = await t.app.inject({
      method: 'POST',
      url: '/api/codegen',
      headers: viewer.headers,
      payload: { request, target: 'shell-curl' },
    });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json().code).toContain("--header 'X-A: {{a}}'");
    const resolved = await t.app.inject({
      method: 'POST',
      url: '/api/codegen',
      headers: viewer.headers,
      payload: {
        request,
        target: 'python-requests',
        resolveVariables: true,
        variables: { base: 'https://api.test', a: 'b' },
      },
    });
    expect(resolved.json().code).toContain('https://api.test/users');
  });

  it('rejects an unknown target and anonymous callers', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/codegen',
      headers: viewer.headers,
      payload: { request: { url: 'https://x.test' }, target: 'nope' },
    });
    expect(res.statusCode).toBe(400);
    const anon = await t.app.inject({ method: 'GET', url: '/api/codegen/targets' });
    expect(anon.statusCode).toBe(401);
  });
});
