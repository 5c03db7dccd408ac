import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type EchoServer, startEchoServer } from '@apiplay/core/test-support/echo-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './spawn-cli';

// A loopback stand-in for the three API Playground endpoints `--server` reads (same paths, auth and shapes as
// apps/server: GET /api/collections/:id, /api/environments/:id?reveal=1, /api/workspaces/:id/globals).
let echo: EchoServer;
const FILE_ID = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const GONE_ID = '00000000-0000-4000-8000-00000000dead';
let api: Server;
let apiUrl: string;
const seen: string[] = [];

beforeAll(async () => {
  echo = await startEchoServer();
  api = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== 'Bearer apk_test') {
      send(401, { error: { code: 'UNAUTHORIZED', message: 'bad key' } });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/collections/c-1') {
      send(200, {
        v: 1,
        id: 'c-1',
        workspaceId: 'w-1',
        name: 'Remote',
        revision: 3,
        items: [
          {
            type: 'request',
            id: 'r-1',
            name: 'remote request',
            url: '{{base}}/remote?token={{token}}&g={{g}}',
            scripts: {
              preRequest: '',
              test: "pm.test('token revealed', () => pm.expect(pm.response.json().query.token).to.equal('s3cret'));",
            },
          },
        ],
      });
      return;
    }
    if (url.pathname === '/api/collections/c-files') {
      send(200, {
        v: 1,
        id: 'c-files',
        workspaceId: 'w-1',
        name: 'Files',
        items: [
          {
            type: 'request',
            id: 'r-f',
            name: 'upload stored file',
            method: 'POST',
            url: `${echo.url}/upload`,
            body: {
              mode: 'formdata',
              formdata: [{ key: 'doc', type: 'file', src: `stored-file:${FILE_ID}` }],
            },
            scripts: {
              preRequest: '',
              test: "pm.test('file sent', () => pm.expect(pm.response.json().body).to.include('stored bytes 42'));",
            },
          },
        ],
      });
      return;
    }
    if (url.pathname === '/api/collections/c-gone') {
      send(200, {
        v: 1,
        id: 'c-gone',
        workspaceId: 'w-1',
        name: 'Gone',
        items: [
          {
            type: 'request',
            id: 'r-g',
            name: 'gone file',
            method: 'PUT',
            url: `${echo.url}/gone`,
            body: { mode: 'binary', file: { src: `stored-file:${GONE_ID}` } },
          },
        ],
      });
      return;
    }
    if (url.pathname === `/api/files/${FILE_ID}`) {
      send(200, { id: FILE_ID, workspaceId: 'w-1', name: 'notes.txt', contentType: 'text/plain', size: 15 });
      return;
    }
    if (url.pathname === `/api/files/${FILE_ID}/content`) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end('stored bytes 42');
      return;
    }
    if (url.pathname === '/api/environments/e-1') {
      if (url.searchParams.get('reveal') === '1') {
        send(403, { error: { code: 'FORBIDDEN', message: 'editors only' } });
        return;
      }
      send(200, {
        id: 'e-1',
        workspaceId: 'w-1',
        kind: 'environment',
        name: 'Remote env',
        revealed: false,
        variables: [
          { key: 'base', value: echo.url, enabled: true, secret: false },
          { key: 'token', value: '••••••', enabled: true, secret: true },
        ],
      });
      return;
    }
    if (url.pathname === '/api/workspaces/w-1/globals') {
      send(200, {
        id: 'g',
        workspaceId: 'w-1',
        kind: 'globals',
        name: 'Globals',
        revealed: true,
        variables: [{ key: 'g', value: 'G', enabled: true, secret: false }],
      });
      return;
    }
    send(404, { error: { code: 'NOT_FOUND', message: 'no such thing' } });
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await echo.close();
  await new Promise<void>((resolve) => api.close(() => resolve()));
});

describe('apiplay run --server', () => {
  it('runs a collection stored on the server with its environment and globals', async () => {
    const r = await runCli(['run', '--server', apiUrl, '--collection', 'c-1', '--environment-id', 'e-1'], {
      env: { APIPLAY_API_KEY: 'apk_test' },
    });
    // The key's user may not reveal secrets: the masked token is sent, the test fails, a warning explains why.
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('secrets stay masked');
    expect(r.stdout).toContain('remote request');
    expect(r.stdout).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/remote\?token=.*&g=G/);
    expect(seen).toContain('GET /api/collections/c-1');
    expect(seen).toContain('GET /api/workspaces/w-1/globals?reveal=1');
  });

  it('overrides the masked secret with --env-var and passes', async () => {
    const r = await runCli([
      'run',
      '--server',
      apiUrl,
      '--api-key',
      'apk_test',
      '--collection',
      'c-1',
      '--environment-id',
      'e-1',
      '--env-var',
      'token=s3cret',
    ]);
    expect(r.code).toBe(0);
  });

  it('downloads the files the collection stores on the server and sends them; a missing one fails the run', async () => {
    const r = await runCli(['run', '--server', apiUrl, '--api-key', 'apk_test', '--collection', 'c-files']);
    expect(seen).toContain(`GET /api/files/${FILE_ID}/content`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('file sent');
    const gone = await runCli(['run', '--server', apiUrl, '--api-key', 'apk_test', '--collection', 'c-gone']);
    expect(gone.code, gone.stdout + gone.stderr).toBe(2);
    expect(gone.stderr).toContain(`Server refused stored file ${GONE_ID} (HTTP 404)`);
  });

  it('exits 2 on a refused key or a missing collection id', async () => {
    const bad = await runCli(['run', '--server', apiUrl, '--api-key', 'apk_wrong', '--collection', 'c-1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('HTTP 401');
    const missing = await runCli(['run', '--server', apiUrl, '--api-key', 'apk_test']);
    expect(missing.code).toBe(2);
    const none = await runCli(['run']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Missing collection');
  });
});
