// Test-only helpers for the script engine suites (not exported from the package).
import type { TResponseResult } from '../schema';
import { VariableScopes, type VariableScopesInit } from '../variables';
import type { ScriptContext, TScriptRequest } from './types';

export function makeResponse(over: Partial<TResponseResult> = {}): TResponseResult {
  const body = over.body ?? '{"id":7,"name":"widget","tags":["a","b"],"nested":{"n":1}}';
  return {
    status: 200,
    statusText: 'OK',
    httpVersion: '1.1',
    headers: [
      { key: 'Content-Type', value: 'application/json; charset=utf-8' },
      { key: 'X-Trace', value: 'abc' },
      { key: 'Set-Cookie', value: 'sid=s1; Path=/' },
    ],
    cookies: [{ name: 'sid', value: 's1', path: '/' }],
    body,
    bodyEncoding: 'utf8',
    size: body.length,
    truncated: false,
    timings: { dns: 0, connect: 1, tls: 0, ttfb: 5, download: 1, total: 42 },
    redirects: [],
    ...over,
  };
}

export function makeRequest(over: Partial<TScriptRequest> = {}): TScriptRequest {
  return {
    id: 'req-1',
    name: 'Get widget',
    method: 'GET',
    url: 'https://api.example.com/v1/widgets?page=2&q=x',
    headers: [{ key: 'Accept', value: 'application/json', enabled: true }],
    ...over,
  };
}

export function makeCtx(
  over: Partial<ScriptContext> = {},
  vars: VariableScopesInit = {},
): ScriptContext & { variables: VariableScopes } {
  return {
    request: makeRequest(),
    response: makeResponse(),
    variables: new VariableScopes(vars),
    info: { iteration: 1, iterationCount: 3, requestName: 'Get widget', requestId: 'req-1' },
    ...over,
  };
}
