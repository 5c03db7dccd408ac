// The server answers executions with plain JSON.stringify when a result already has its contract schema's exact
// shape (apps/server/src/lib/json-serializer.ts: same keys, schema key order, every non-optional key present), and
// falls back to a slower Zod encoding otherwise. This test holds the runner (and the transport's response object)
// to that shape, so a reordered or extra key fails here instead of silently losing the fast path.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { useLoopbackRuntime } from '../../test-support/loopback-runtime';
import { requestItem } from '../../test-support/request-item';
import { type TCollection, type TExecution, type TRequestItem, ZExecution } from '../schema';
import { executeOne, runCollection } from '.';

interface SchemaNode {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
}

function defOf(schema: z.ZodType): SchemaNode {
  return schema._zod.def as SchemaNode;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Where `value` differs from the exact shape of `schema`'s encoding (key order included); [] when it matches. */
function shapeMismatches(schema: z.ZodType, value: unknown, path: string): string[] {
  const def = defOf(schema);
  if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) {
    return value === undefined || value === null ? [] : shapeMismatches(def.innerType, value, path);
  }
  if (def.type === 'array' && def.element) {
    const element = def.element;
    return Array.isArray(value)
      ? value.flatMap((v, i) => shapeMismatches(element, v, `${path}[${i}]`))
      : [`${path}: not an array`];
  }
  if (def.type !== 'object' || !def.shape) {
    return [];
  }
  if (!isPlainObject(value)) {
    return [`${path}: not a plain object`];
  }
  const shape = def.shape;
  const schemaKeys = Object.keys(shape);
  const keys = Object.keys(value);
  const problems: string[] = [];
  const extra = keys.filter((k) => !(k in shape));
  if (extra.length > 0) {
    problems.push(`${path}: keys not in the schema: ${extra.join(', ')}`);
  }
  const missing = schemaKeys.filter((k) => defOf(shape[k] as z.ZodType).type !== 'optional' && !(k in value));
  if (missing.length > 0) {
    problems.push(`${path}: missing keys: ${missing.join(', ')}`);
  }
  const inSchemaOrder = schemaKeys.filter((k) => k in value);
  const present = keys.filter((k) => k in shape);
  if (present.join() !== inSchemaOrder.join()) {
    problems.push(`${path}: key order ${present.join(', ')} ≠ schema order ${inSchemaOrder.join(', ')}`);
  }
  for (const key of present) {
    problems.push(...shapeMismatches(shape[key] as z.ZodType, value[key], `${path}.${key}`));
  }
  return problems;
}

const rt = useLoopbackRuntime();

function request(id: string, url: string, extra: Partial<TRequestItem> = {}): TRequestItem {
  return requestItem(id, id, url, extra);
}

/** One of each kind of result: a response with every list filled, a transport error, a failing script. */
function collection(): TCollection {
  return {
    v: 1,
    id: 'shape',
    name: 'Result shape',
    description: '',
    auth: { type: 'none' },
    variables: [{ key: 'base', value: rt.echo.url, enabled: true, secret: false }],
    scripts: { preRequest: '', test: '' },
    items: [
      request('full', '{{base}}/cookies/set?sid=1&{{unresolved}}=2', {
        method: 'POST',
        headers: [{ key: 'Content-Type', value: 'application/json', enabled: true }],
        body: { mode: 'raw', raw: '{"a":1}', language: 'json' },
        scripts: {
          preRequest: 'pm.variables.set("x", 1); console.info("before");',
          test: [
            'pm.test("passes", () => pm.response.to.have.status(200));',
            'pm.test("fails", () => pm.expect(pm.response.code).to.equal(201));',
            'pm.test.skip("skipped", () => {});',
            'console.log(pm.response.json().method);',
          ].join('\n'),
        },
      }),
      request('refused', 'http://127.0.0.1:1/nothing-listens-here'),
      request('broken', '{{base}}/s', { scripts: { preRequest: '', test: '\n\nthrow new Error("boom");' } }),
    ],
  };
}

function expectExactShape(execution: TExecution): void {
  expect(shapeMismatches(ZExecution, execution, execution.name)).toEqual([]);
  // What the shape check lets through is also what Zod would encode (types, enums, formats).
  expect(ZExecution.parse(execution)).toEqual(execution);
}

describe('execution results have the contract schema’s exact shape', () => {
  it('runCollection: responses, transport errors and script failures', async () => {
    const report = await runCollection({
      collection: collection(),
      transport: rt.transport,
      scriptEngine: rt.engine,
    }).report;
    const [full, refused, broken] = report.executions;
    expect(full?.response?.cookies.length).toBeGreaterThan(0);
    expect(full?.assertions.map((a) => a.skipped)).toContain(true);
    expect(full?.console.length).toBeGreaterThan(0);
    expect(full?.warnings.length).toBeGreaterThan(0);
    expect(refused?.error).toBeDefined();
    expect(broken?.scriptFailures[0]?.line).toBe(3);
    expect(report.executions).toHaveLength(3);
    for (const execution of report.executions) {
      expectExactShape(execution);
    }
  });

  it('executeOne (what a Send runs)', async () => {
    const c = collection();
    for (const item of c.items) {
      if (item.type !== 'request') {
        continue;
      }
      const { execution } = await executeOne({
        request: item,
        collection: c,
        transport: rt.transport,
        scriptEngine: rt.engine,
      });
      expectExactShape(execution);
    }
  });

  it('the check itself catches a reordered, missing or extra key', () => {
    const sent = { method: 'GET', url: 'http://x', headers: [] };
    const ok: TExecution = {
      itemId: 'i',
      name: 'n',
      path: [],
      iteration: 0,
      request: sent,
      assertions: [],
      scriptFailures: [],
      console: [],
      warnings: [],
    };
    expect(shapeMismatches(ZExecution, ok, 'ok')).toEqual([]);
    const { itemId, ...rest } = ok;
    expect(shapeMismatches(ZExecution, { ...rest, itemId }, 'moved')).toHaveLength(1);
    expect(shapeMismatches(ZExecution, rest, 'missing')).toHaveLength(1);
    expect(shapeMismatches(ZExecution, { ...ok, extra: 1 }, 'extra')).toHaveLength(1);
    expect(
      shapeMismatches(ZExecution, { ...ok, request: { url: 'x', method: 'GET', headers: [] } }, 'nested'),
    ).toEqual(['nested.request: key order url, method, headers ≠ schema order method, url, headers']);
  });
});
