import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test';

interface Operation {
  summary?: string;
  requestBody?: unknown;
  parameters?: unknown[];
  responses?: Record<string, unknown>;
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: { openapi: string; paths: Record<string, Record<string, Operation>> };
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  });
  afterAll(async () => {
    await t.close();
  });

  it('is OpenAPI 3.1 and lists every /api route', () => {
    expect(doc.openapi).toBe('3.1.0');
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    const missing = t.app.routeTable
      .filter((r) => r.url.startsWith('/api/'))
      .map((r) => `${r.method} ${r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`)
      .filter((k) => !documented.has(k));
    expect(missing).toEqual([]);
  });

  it('gives every /api operation a summary, a success schema and error responses', () => {
    const problems: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/')) {
        continue;
      }
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method.toUpperCase()} ${path}`;
        const codes = Object.keys(op.responses ?? {});
        if (!op.summary) {
          problems.push(`${key}: no summary`);
        }
        // A redirect is the success of the sign-in routes (302 to the provider, back into the app).
        if (!codes.some((c) => c.startsWith('2') || c === '302')) {
          problems.push(`${key}: no success response`);
        }
        // A public operation without any input (GET /api/auth/options) has no client error to document.
        const takesInput = (op.parameters?.length ?? 0) > 0 || op.requestBody !== undefined;
        if (!codes.some((c) => c.startsWith('4')) && takesInput) {
          problems.push(`${key}: no error responses`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
