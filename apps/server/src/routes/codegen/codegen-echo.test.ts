import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCode, VariableScopes } from '@apiplay/core';
import {
  type CodegenCase,
  caseRequest,
  runSnippet,
  sendWithEngine,
  snippetTargets,
} from '@apiplay/core/test-support/codegen-snippets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test';

// Proof by execution: each generated snippet is run against the server's own echo route, and what the echo saw is
// compared with what the engine's transport sends for the same request.

let t: TestApp;
let base = '';
let dir = '';

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/echo`;
  dir = mkdtempSync(join(tmpdir(), 'apiplay-codegen-echo-'));
  writeFileSync(join(dir, 'report.txt'), 'quarterly numbers\n');
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.close();
});

const targets = await snippetTargets();

const cases: CodegenCase[] = [
  {
    name: 'GET with query',
    method: 'GET',
    path: '/search?q=red%20shoes&size=42&size=43',
    headers: [{ key: 'X-Req', value: '{{rid}}', enabled: true }],
  },
  {
    name: 'JSON POST',
    method: 'POST',
    path: '/orders',
    body: { mode: 'raw', language: 'json', raw: '{"sku":"{{sku}}","qty":2,"gift":false}' },
  },
  {
    name: 'urlencoded',
    method: 'PUT',
    path: '/profile',
    body: {
      mode: 'urlencoded',
      urlencoded: [
        { key: 'name', value: 'Ann & Bo', enabled: true },
        { key: 'city', value: 'São Paulo', enabled: true },
      ],
    },
  },
  {
    name: 'multipart with a file',
    method: 'POST',
    path: '/upload',
    body: {
      mode: 'formdata',
      formdata: [
        { key: 'note', type: 'text', value: 'for {{sku}}', enabled: true },
        {
          key: 'report',
          type: 'file',
          value: '',
          src: 'report.txt',
          contentType: 'text/plain',
          enabled: true,
        },
      ],
    },
  },
  {
    name: 'basic auth',
    method: 'GET',
    path: '/me',
    auth: { type: 'basic', username: 'ann', password: 'p@ss:word' },
  },
];

const scopes = () => new VariableScopes({ environment: { rid: 'r-77', sku: 'SKU-1' } });

function essentials(echo: Record<string, unknown>, headerNames: string[]) {
  const headers = (echo.headers ?? {}) as Record<string, string>;
  const picked: Record<string, string | undefined> = {};
  for (const name of headerNames) {
    picked[name] = headers[name];
  }
  const contentType = String(echo.contentType ?? '').split(';')[0] ?? '';
  return {
    method: echo.method,
    path: echo.path,
    query: echo.query,
    headers: picked,
    contentType,
    // JSON compares by value (some generators re-indent); other bodies by their parsed form or text.
    body: echo.json ?? echo.form ?? (contentType.startsWith('multipart/') ? null : echo.body),
    files: echo.files,
  };
}

describe('generated code against the echo route', () => {
  for (const c of cases) {
    for (const target of targets) {
      it.skipIf(target.skip)(`${c.name}: ${target.id}`, async () => {
        const request = caseRequest(c, base);
        const { prepared, response } = await sendWithEngine(request, scopes(), dir);
        expect(response.status, response.body).toBe(200);
        const engineEcho = JSON.parse(response.body) as Record<string, unknown>;

        const { code } = generateCode(request, target.id, { scopes: scopes() });
        const stdout = await runSnippet(dir, target, code);
        const snippetEcho = JSON.parse(stdout.slice(stdout.indexOf('{'))) as Record<string, unknown>;

        const names = [...new Set(prepared.headers.map((h) => h.key.toLowerCase()))].filter(
          (n) => n !== 'content-type',
        );
        expect(essentials(snippetEcho, names), code).toEqual(essentials(engineEcho, names));
      });
    }
  }
});
