import { type TExecuteResponse, ZExecuteResponse } from '@apiplay/core';
import { isResponseSerializationError, serializerCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileExactCheck, fastSerializerCompiler } from './json-serializer';

const route = { schema: ZExecuteResponse, method: 'POST', url: '/api/execute' };
const fast = fastSerializerCompiler(route) as (data: unknown) => string;
const zod = serializerCompiler(route) as (data: unknown) => string;
const exact = compileExactCheck(ZExecuteResponse);

function sample(): TExecuteResponse {
  return {
    historyId: '0b7f6c1e-4b1a-4c1e-9a51-3f5b2f0c2a11',
    execution: {
      itemId: 'b',
      name: 'Untitled request',
      path: ['Folder'],
      iteration: 0,
      request: {
        method: 'POST',
        url: 'http://127.0.0.1:1/echo?x=1',
        headers: [{ key: 'X-Token', value: '••••••' }],
        body: '{"a":"\\u2028 \\"quoted\\" é"}',
      },
      response: {
        status: 200,
        statusText: 'OK',
        httpVersion: '1.1',
        headers: [{ key: 'content-type', value: 'application/json' }],
        cookies: [{ name: 'sid', value: '1', httpOnly: true }],
        body: 'AAEC',
        bodyEncoding: 'base64',
        size: 3,
        truncated: false,
        timings: { dns: 0, connect: 0.5, tls: 0, ttfb: 1.25, download: 0.1, total: 2 },
        redirects: [{ url: 'http://127.0.0.1:1/a', status: 302 }],
      },
      assertions: [
        { name: 'ok', passed: true, skipped: false },
        { name: 'bad', passed: false, skipped: false, error: 'expected 1 to equal 2' },
      ],
      scriptFailures: [{ phase: 'test', source: 'req', message: 'boom', line: 3 }],
      console: [{ level: 'log', message: 'hi\nthere' }],
      warnings: ['unresolved {{x}}'],
    },
  };
}

describe('fastSerializerCompiler', () => {
  it('writes exactly what the Zod serializer writes, and takes the fast path for data in schema order', () => {
    const data = sample();
    expect(exact?.(data)).toBe(true);
    expect(fast(data)).toBe(zod(data));
    const { itemId, name, path, iteration, request, assertions } = data.execution;
    const error = { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' };
    const failed = {
      itemId,
      name,
      path,
      iteration,
      request,
      error,
      assertions,
      scriptFailures: [],
      console: [],
    };
    const transportError = { ...data, execution: { ...failed, warnings: [] } };
    expect(exact?.(transportError)).toBe(true);
    expect(fast(transportError)).toBe(zod(transportError));
  });

  it('falls back to Zod for keys out of schema order, unknown keys and undefined optionals', () => {
    const data = sample();
    const reordered = { execution: data.execution, historyId: data.historyId };
    const extra = { ...data, internal: 'never sent' };
    const undefinedOptional = { ...data, execution: { ...data.execution, response: undefined } };
    const { response: _response, ...withoutResponse } = data.execution;
    expect(exact?.(reordered)).toBe(false);
    expect(fast(reordered)).toBe(zod(data));
    expect(exact?.(extra)).toBe(false);
    expect(fast(extra)).toBe(zod(data));
    expect(fast(extra)).not.toContain('never sent');
    expect(exact?.(undefinedOptional)).toBe(true);
    expect(fast(undefinedOptional)).toBe(zod({ ...data, execution: withoutResponse }));
    expect(fast(undefinedOptional)).not.toContain('"response"');
  });

  it('refuses data that does not match, as the Zod serializer does', () => {
    const data = sample();
    const cases: unknown[] = [
      { ...data, historyId: 'not-a-uuid' },
      { ...data, execution: { ...data.execution, iteration: 0.5 } },
      { ...data, execution: { ...data.execution, warnings: undefined } },
      { ...data, execution: { ...data.execution, console: [{ level: 'trace', message: '' }] } },
      { ...data, execution: { ...data.execution, path: 'Folder' } },
      { ...data, execution: { ...data.execution, iteration: Number.NaN } },
    ];
    for (const bad of cases) {
      expect(exact?.(bad)).toBe(false);
      let thrown: unknown;
      try {
        fast(bad);
      } catch (error) {
        thrown = error;
      }
      expect(thrown instanceof Error && isResponseSerializationError(thrown)).toBe(true);
    }
  });

  it('leaves schemas it does not model to Zod', () => {
    expect(compileExactCheck(z.object({ a: z.union([z.string(), z.number()]) }))).toBeNull();
    expect(compileExactCheck(z.object({ a: z.string().min(2) }))).toBeNull();
    expect(compileExactCheck(z.object({ a: z.url() }))).toBeNull();
    expect(compileExactCheck(z.object({ a: z.string() }).catchall(z.string()))).toBeNull();
    const union = { schema: z.object({ a: z.union([z.string(), z.number()]) }), method: 'GET', url: '/' };
    const write = fastSerializerCompiler(union) as (data: unknown) => string;
    expect(write({ b: 1, a: 2 })).toBe('{"a":2}');
  });
});

describe('compileExactCheck on strings with a length cap', () => {
  const capped = compileExactCheck(z.object({ template: z.string().max(5), data: z.string().optional() }));

  it('models `.max(n)` (the execution result has capped strings: the visualizer) instead of giving up', () => {
    expect(capped).not.toBeNull();
    expect(capped?.({ template: 'abcde' })).toBe(true);
    expect(capped?.({ template: 'abcdef' })).toBe(false);
    expect(compileExactCheck(z.string().min(1))).toBeNull();
  });

  it('keeps the execution result on the fast path with a visualizer', () => {
    const withVisualizer = sample();
    withVisualizer.execution.visualizer = { template: '<b>{{x}}</b>', data: '{"x":1}' };
    expect(exact?.(withVisualizer)).toBe(true);
    expect(fast(withVisualizer)).toBe(zod(withVisualizer));
  });
});
