import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  buildUser,
  buildWorkspace,
  createTestApp,
  injectAs,
  type TestApp,
  type TestUser,
} from '../../test';

const postman = JSON.stringify({
  info: {
    name: 'Fetched suite',
    schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
  },
  item: [{ name: 'One', request: { method: 'GET', url: 'https://example.com/one' } }],
});

/** A loopback site: the file, a 404, a big file, and a redirect to `localhost` (a name the guard refuses). */
function startSite(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === '/suite.postman_collection.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(postman);
    } else if (req.url === '/openapi.yaml') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end('openapi: 3.0.0\ninfo: { title: Octet, version: "1" }\npaths: {}\n');
    } else if (req.url === '/big.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`"${'x'.repeat(64 * 1024)}"`);
    } else if (req.url === '/to-localhost') {
      res.writeHead(302, { location: base.replace('127.0.0.1', 'localhost') });
      res.end();
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('nope');
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

let site: { server: Server; url: string };
let t: TestApp;
let owner: TestUser;
let viewer: TestUser;
let outsider: TestUser;
let workspaceId = '';
const path = () => `/api/workspaces/${workspaceId}/import/fetch`;

beforeAll(async () => {
  site = await startSite();
  // As a team server: private targets refused, only this loopback site allow-listed by address.
  t = await createTestApp({
    env: { EXECUTION_ALLOW_PRIVATE: 'false', EXECUTION_ALLOWED_HOSTS: '127.0.0.1', IMPORT_MAX_BYTES: '32kb' },
  });
  const built = await buildWorkspace(t);
  owner = built.owner;
  workspaceId = built.workspace.id;
  viewer = await addMember(t, workspaceId, 'viewer');
  outsider = await buildUser(t);
});
afterAll(async () => {
  await t.close();
  await new Promise((r) => site.server.close(r));
});

describe('POST /api/workspaces/:id/import/fetch', () => {
  it('fetches the file on the server, then it imports like an upload', async () => {
    const res = await injectAs(t, owner, 'POST', path(), {
      url: `${site.url}/suite.postman_collection.json`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      content: postman,
      filename: 'suite.postman_collection.json',
      contentType: 'application/json',
    });
    const imported = await injectAs(t, owner, 'POST', `/api/workspaces/${workspaceId}/import`, {
      content: res.json().content,
      filename: res.json().filename,
    });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json().collections.map((c: { name: string }) => c.name)).toEqual(['Fetched suite']);
  });

  it('reads a file served as bytes as text', async () => {
    const res = await injectAs(t, owner, 'POST', path(), { url: `${site.url}/openapi.yaml` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().content).toContain('openapi: 3.0.0');
  });

  it('names the URL when the site fails, and caps the size', async () => {
    const missing = await injectAs(t, owner, 'POST', path(), { url: `${site.url}/missing.json` });
    expect(missing.statusCode).toBe(502);
    expect(missing.json().error).toMatchObject({
      code: 'UPSTREAM_FAILED',
      message: expect.stringMatching(/^url: .*404/),
    });
    const closed = await injectAs(t, owner, 'POST', path(), { url: 'http://127.0.0.1:1/x.json' });
    expect(closed.statusCode).toBe(502);
    expect(closed.json().error.message).toMatch(/^url: could not fetch it/);
    const big = await injectAs(t, owner, 'POST', path(), { url: `${site.url}/big.json` });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.message).toMatch(/IMPORT_MAX_BYTES/);
  });

  it.each([
    ['a loopback address not allow-listed', 'http://127.0.0.2/x.json'],
    ['the server itself by name', 'http://localhost/x.json'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 loopback', 'http://[::1]/x.json'],
  ])('refuses %s (SSRF guard, like executions)', async (_what, url) => {
    const res = await injectAs(t, owner, 'POST', path(), { url });
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().error.code).toBe('TARGET_FORBIDDEN');
  });

  it('checks every redirect hop', async () => {
    const res = await injectAs(t, owner, 'POST', path(), { url: `${site.url}/to-localhost` });
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().error.code).toBe('TARGET_FORBIDDEN');
  });

  it.each([
    [{ url: 'ftp://example.com/x.json' }],
    [{ url: 'file:///etc/passwd' }],
    [{ url: 'not a url' }],
    [{ url: 42 }],
    [{}],
  ])('refuses %j with a 400 naming url', async (body) => {
    const res = await injectAs(t, owner, 'POST', path(), body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('url');
  });

  it('is for editors of the workspace', async () => {
    const url = `${site.url}/suite.postman_collection.json`;
    expect((await injectAs(t, viewer, 'POST', path(), { url })).statusCode).toBe(403);
    expect((await injectAs(t, outsider, 'POST', path(), { url })).statusCode).toBe(404);
  });
});
