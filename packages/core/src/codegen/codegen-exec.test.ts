import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CodegenCase,
  caseRequest,
  runSnippet,
  sendWithEngine,
  snippetTargets,
} from '../../test-support/codegen-snippets';
import type { TAuth, TBody } from '../schema';
import { VariableScopes } from '../variables/variable-scopes';
import { generateCode } from './index';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

let server: Server;
let base = '';
let dir = '';
const seen: Seen[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'apiplay-codegen-'));
  writeFileSync(join(dir, 'hello.txt'), 'hello file\nline 2\n');
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const cases: CodegenCase[] = [
  {
    name: 'GET with query',
    method: 'GET',
    path: '/search?q=cats&page=2&tag=a%20b',
    headers: [{ key: 'X-Trace', value: '{{trace}}', enabled: true }],
  },
  {
    name: 'JSON POST',
    method: 'POST',
    path: '/items',
    body: {
      mode: 'raw',
      language: 'json',
      raw: '{"name":"{{name}}","tags":["a","b"],"n":3,"nested":{"ok":true}}',
    },
  },
  {
    name: 'urlencoded',
    method: 'POST',
    path: '/form',
    body: {
      mode: 'urlencoded',
      urlencoded: [
        { key: 'a', value: '1', enabled: true },
        { key: 'b', value: 'x y&z=1', enabled: true },
        { key: 'skipped', value: 'no', enabled: false },
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
        { key: 'title', type: 'text', value: 'My {{name}}', enabled: true },
        { key: 'doc', type: 'file', value: '', src: 'hello.txt', contentType: 'text/plain', enabled: true },
      ],
    },
  },
  {
    name: 'basic auth',
    method: 'GET',
    path: '/private',
    auth: { type: 'basic', username: 'alice', password: 's3cr3t:x' },
  },
];

const targets = await snippetTargets();

function scopes(): VariableScopes {
  return new VariableScopes({ environment: { trace: 'abc-123', name: 'Widget' } });
}

async function multipartParts(s: Seen): Promise<unknown[]> {
  const form = await new Response(new Uint8Array(s.body), {
    headers: { 'content-type': String(s.headers['content-type']) },
  }).formData();
  const entries: [string, FormDataEntryValue][] = [];
  form.forEach((value, name) => {
    entries.push([name, value]);
  });
  const parts: unknown[] = [];
  for (const [name, value] of entries) {
    parts.push(
      typeof value === 'string'
        ? { name, value }
        : { name, filename: value.name, content: await value.text() },
    );
  }
  return parts;
}

/** What must match between the engine's request and the snippet's: the wire facts the user controls. */
async function essentials(s: Seen, headerNames: string[]): Promise<unknown> {
  const ct = String(s.headers['content-type'] ?? '');
  let body: unknown = s.body.toString('utf8');
  if (ct.startsWith('multipart/form-data')) {
    body = await multipartParts(s);
  } else if (ct.includes('json') && s.body.length > 0) {
    // Some generators pretty-print JSON; the value is what must be equal.
    body = JSON.parse(s.body.toString('utf8'));
  } else if (ct.includes('x-www-form-urlencoded')) {
    body = [...new URLSearchParams(s.body.toString('utf8'))];
  }
  const headers: Record<string, unknown> = {};
  for (const name of headerNames) {
    headers[name] = name === 'content-type' ? ct.split(';')[0] : s.headers[name];
  }
  return { method: s.method, url: s.url, headers, body };
}

describe('generated code sends what the engine sends', () => {
  for (const c of cases) {
    describe(c.name, () => {
      for (const t of targets) {
        it.skipIf(t.skip === true)(
          `${t.id}${t.skip ? ' (python3 requests not importable)' : ''}`,
          async () => {
            const request = caseRequest(c, base);
            seen.length = 0;
            const { prepared, response } = await sendWithEngine(request, scopes(), dir);
            expect(response.status).toBe(200);
            const engine = seen.pop();
            expect(engine).toBeDefined();

            const { code } = generateCode(request, t.id, { scopes: scopes() });
            await runSnippet(dir, t, code);
            const snippet = seen.pop();
            expect(snippet, code).toBeDefined();

            const names = prepared.headers
              .map((h) => h.key.toLowerCase())
              .filter((n) => !(n === 'content-type' && prepared.body?.kind === 'multipart'));
            if (prepared.body) {
              names.push('content-type');
            }
            const unique = [...new Set(names)];
            if (engine && snippet) {
              expect(await essentials(snippet, unique), code).toEqual(await essentials(engine, unique));
            }
          },
        );
      }
    });
  }
});

describe('codegen targets', () => {
  it('lists at least 15 targets and generates code for each', async () => {
    const { codegenTargets } = await import('./index');
    expect(codegenTargets.length).toBeGreaterThanOrEqual(15);
    const request = {
      method: 'POST',
      url: 'https://api.example.com/things?x=1',
      headers: [{ key: 'X-A', value: 'b', enabled: true }],
      body: { mode: 'raw', raw: '{"a":1}', language: 'json' } as TBody,
      auth: { type: 'bearer', token: 't0k' } as TAuth,
    };
    for (const t of codegenTargets) {
      const { code } = generateCode(request, t.id);
      expect(code.length, t.id).toBeGreaterThan(20);
      expect(code, t.id).toContain('api.example.com');
    }
  });

  it('keeps placeholders when variables are not resolved', () => {
    const request = {
      method: 'GET',
      url: '{{baseUrl}}/users/{{id}}',
      headers: [],
      body: { mode: 'none' } as TBody,
      auth: { type: 'none' } as TAuth,
    };
    const kept = generateCode(request, 'shell-curl', { resolveVariables: false, scopes: scopes() });
    expect(kept.code).toContain('{{id}}');
    const resolved = generateCode(request, 'shell-curl', {
      scopes: new VariableScopes({ environment: { baseUrl: 'https://x.test', id: '42' } }),
    });
    expect(resolved.code).toContain('https://x.test/users/42');
  });

  it('rejects an unknown target with a validation error', () => {
    const request = {
      method: 'GET',
      url: 'https://x',
      headers: [],
      body: { mode: 'none' } as TBody,
      auth: { type: 'none' } as TAuth,
    };
    expect(() => generateCode(request, 'cobol-punchcard')).toThrow(/unknown codegen target/);
  });
});
