import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeScriptEngine } from '../node/script-modules';
import type { TResponseResult } from '../schema';
import { makeCtx, makeResponse } from './test-utils';
import type { ScriptContext, ScriptEngine, TScriptRequest } from './types';

let engine: ScriptEngine;
let server: Server;
let baseUrl = '';

beforeAll(async () => {
  engine = await createNodeScriptEngine({ timeoutMs: 3000 });
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(req.url?.startsWith('/missing') ? 404 : 200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          method: req.method,
          path: req.url,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  engine.dispose();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The host side of pm.sendRequest over real loopback HTTP. */
async function hostSend(req: TScriptRequest): Promise<TResponseResult> {
  const started = Date.now();
  const init: RequestInit = {
    method: req.method,
    headers: req.headers.filter((h) => h.enabled !== false).map((h): [string, string] => [h.key, h.value]),
  };
  if (req.body?.mode === 'raw') {
    init.body = req.body.raw;
  }
  const res = await fetch(req.url, init);
  const body = await res.text();
  const headers: { key: string; value: string }[] = [];
  res.headers.forEach((value, key) => {
    headers.push({ key, value });
  });
  return makeResponse({
    status: res.status,
    statusText: res.statusText,
    headers,
    cookies: [],
    body,
    size: body.length,
    timings: { dns: 0, connect: 0, tls: 0, ttfb: 0, download: 0, total: Date.now() - started },
  });
}

async function test(code: string, ctx: ScriptContext = makeCtx()) {
  return engine.run({ phase: 'test', code, source: 'test', ctx });
}
async function pre(code: string, ctx: ScriptContext = makeCtx({ response: undefined })) {
  return engine.run({ phase: 'preRequest', code, source: 'pre', ctx });
}
const summary = (r: { assertions: { name: string; passed: boolean }[] }) =>
  r.assertions.map((a) => `${a.name}:${a.passed ? 'pass' : 'fail'}`);

describe('pm.test and pm.expect', () => {
  it('records passing and failing tests in order with chai messages', async () => {
    const r = await test(`
      pm.test('passes', function () { pm.expect(1 + 1).to.equal(2); });
      pm.test('fails', () => { pm.expect({ a: [1, 2] }).to.deep.equal({ a: [1, 3] }); });
      pm.test('include', () => pm.expect('hello world').to.include('world'));
      pm.test('chains', () => {
        pm.expect(1).to.not.equal(2);
        pm.expect({ a: { b: 1 } }).to.have.property('a').that.deep.equals({ b: 1 });
        pm.expect([1, 2]).to.be.an('array').that.includes(2).and.has.lengthOf(2);
        pm.expect('x').to.be.a('string').and.have.lengthOf(1);
        pm.expect(null).to.be.null;
        pm.expect(undefined).to.not.exist;
        pm.expect([]).to.be.empty;
        pm.expect(5).to.be.within(1, 10).and.not.be.above(6);
        pm.expect({ a: 1, b: 2 }).to.include.all.keys('a', 'b');
        pm.expect(() => { throw new TypeError('x'); }).to.throw(TypeError);
        pm.expect('abc').to.match(/b/);
        pm.expect(2).to.be.oneOf([1, 2]);
      });
      pm.test('negated chain fails', () => pm.expect([1, 2]).to.not.be.an('array').that.includes(2));
    `);
    expect(summary(r)).toEqual([
      'passes:pass',
      'fails:fail',
      'include:pass',
      'chains:pass',
      'negated chain fails:fail',
    ]);
    expect(r.assertions[1]?.error).toMatch(/expected .* to deeply equal/);
    expect(r.failure).toBeUndefined();
  });

  it('supports async tests, done callbacks and skip', async () => {
    const r = await test(`
      pm.test('async ok', async () => { await Promise.resolve(); pm.expect(true).to.be.true; });
      pm.test('async fail', async () => { await null; throw new Error('nope'); });
      pm.test('done ok', (done) => { setTimeout(() => { pm.expect(1).to.be.above(0); done(); }, 5); });
      pm.test('done err', (done) => { done(new Error('bad')); });
      pm.test.skip('skipped', () => { throw new Error('never'); });
      pm.test('sync after', () => {});
    `);
    expect(summary(r)).toEqual([
      'async ok:pass',
      'async fail:fail',
      'done ok:pass',
      'done err:fail',
      'skipped:fail',
      'sync after:pass',
    ]);
    expect(r.assertions[1]?.error).toBe('nope');
    expect(r.assertions[4]?.skipped).toBe(true);
  });

  it('reports a chai property typo as a failed test, like chai with proxies', async () => {
    const r = await test(`pm.test('typo', () => { pm.expect(true).to.be.tru; });`);
    expect(r.assertions[0]?.passed).toBe(false);
    expect(r.assertions[0]?.error).toMatch(/Invalid Chai property: tru.*"true"/);
  });

  it('marks an async test that never completes as failed', async () => {
    const r = await test(`pm.test('hangs', () => new Promise(() => {}));`);
    expect(r.assertions[0]).toMatchObject({ name: 'hangs', passed: false });
    expect(r.assertions[0]?.error).toMatch(/did not complete/);
  });
});

describe('pm.response', () => {
  it('exposes code, status, reason, headers, timing, size, body and cookies', async () => {
    const r = await test(`
      const res = pm.response;
      console.log(res.code, res.status, res.reason(), res.responseTime, res.responseSize);
      console.log(res.headers.get('content-type'), res.headers.has('X-TRACE'), res.headers.has('nope'));
      console.log(JSON.stringify(res.headers.toObject()));
      console.log(res.json().name, res.text().length, res.cookies.get('sid'), res.cookies.has('sid'));
    `);
    expect(r.failure).toBeUndefined();
    expect(r.console.map((c) => c.message)).toEqual([
      '200 OK OK 42 58',
      'application/json; charset=utf-8 true false',
      '{"content-type":"application/json; charset=utf-8","x-trace":"abc","set-cookie":"sid=s1; Path=/"}',
      'widget 58 s1 true',
    ]);
  });

  it('keeps a body and reason holding \\u0001 intact, and reads headers and cookies only when asked, per response', async () => {
    const body = 'a\u0001b\u0001\u0001c';
    const first = makeResponse({ body, statusText: 'O\u0001K' });
    const ctx = makeCtx({ response: first });
    const plain = await test(
      `console.log(JSON.stringify([pm.response.text(), pm.response.status, pm.response.code]));`,
      ctx,
    );
    expect(plain.console[0]?.message).toBe(JSON.stringify([body, 'O K', 200]));
    // A second script on the same response (as collection, folder and request test scripts are): headers now.
    const again = await test(
      `console.log(pm.response.headers.get('x-trace'), pm.response.cookies.get('sid'), pm.response.text() === ${JSON.stringify(body)});`,
      ctx,
    );
    expect(again.console[0]?.message).toBe('abc s1 true');
    const second = makeResponse({
      body: '{}',
      headers: [{ key: 'X-Trace', value: 'second' }],
      cookies: [{ name: 'sid', value: 's2' }],
    });
    const next = await test(
      `console.log(pm.response.headers.get('x-trace'), pm.response.cookies.get('sid'), pm.cookies.get('sid'), pm.response.text());`,
      makeCtx({ response: second }),
    );
    expect(next.console[0]?.message).toBe('second s2 s2 {}');
  });

  it('supports the postman response assertions', async () => {
    const r = await test(`
      pm.test('status', () => pm.response.to.have.status(200));
      pm.test('status reason', () => pm.response.to.have.status('OK'));
      pm.test('wrong status', () => pm.response.to.have.status(201));
      pm.test('ok', () => pm.response.to.be.ok);
      pm.test('success', () => pm.response.to.be.success);
      pm.test('not error', () => pm.response.to.not.be.error);
      pm.test('header', () => pm.response.to.have.header('X-Trace'));
      pm.test('header value', () => pm.response.to.have.header('x-trace', 'abc'));
      pm.test('missing header', () => pm.response.to.have.header('X-None'));
      pm.test('body', () => pm.response.to.have.body());
      pm.test('body regexp', () => pm.response.to.have.body(/widget/));
      pm.test('json', () => pm.response.to.be.json);
      pm.test('jsonBody path', () => pm.response.to.have.jsonBody('nested.n', 1));
      pm.test('jsonBody tags', () => pm.response.to.have.jsonBody('tags[1]', 'b'));
      pm.test('jsonBody wrong', () => pm.response.to.have.jsonBody('nested.n', 2));
      pm.test('expect form', () => pm.expect(pm.response).to.have.status(200));
      pm.test('schema', () => pm.response.to.have.jsonSchema({ type: 'object', required: ['id', 'tags'],
        properties: { id: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } } }));
      pm.test('schema wrong', () => pm.expect({ id: 'x' }).to.have.jsonSchema({ properties: { id: { type: 'integer' } } }));
      pm.test('plain ok still chai', () => pm.expect(1).to.be.ok);
    `);
    expect(summary(r)).toEqual([
      'status:pass',
      'status reason:pass',
      'wrong status:fail',
      'ok:pass',
      'success:pass',
      'not error:pass',
      'header:pass',
      'header value:pass',
      'missing header:fail',
      'body:pass',
      'body regexp:pass',
      'json:pass',
      'jsonBody path:pass',
      'jsonBody tags:pass',
      'jsonBody wrong:fail',
      'expect form:pass',
      'schema:pass',
      'schema wrong:fail',
      'plain ok still chai:pass',
    ]);
    expect(r.assertions[17]?.error).toMatch(
      /expected data to satisfy schema but found following errors: \n.*integer/,
    );
    expect(r.assertions[2]?.error).toBe('expected response to have status code 201 but got 200');
  });

  it('classifies error statuses', async () => {
    const ctx = makeCtx({
      response: makeResponse({ status: 404, statusText: 'Not Found', body: 'missing' }),
    });
    const r = await test(
      `pm.test('404', () => pm.response.to.be.notFound);
       pm.test('client', () => pm.response.to.be.clientError);
       pm.test('error', () => pm.response.to.be.error);
       pm.test('ok', () => pm.response.to.be.ok);
       pm.test('json', () => pm.response.to.be.json);`,
      ctx,
    );
    expect(summary(r)).toEqual(['404:pass', 'client:pass', 'error:pass', 'ok:fail', 'json:fail']);
  });

  it('sees the right response when the same compiled script runs with different responses', async () => {
    const code = `pm.test('id', () => pm.expect(pm.response.json().id).to.equal(Number(pm.variables.get('want'))));`;
    const shared = makeResponse({ body: '{"id":1}' });
    const a = await test(code, makeCtx({ response: shared }, { local: { want: '1' } }));
    const b = await test(code, makeCtx({ response: shared }, { local: { want: '1' } }));
    const c = await test(
      code,
      makeCtx({ response: makeResponse({ body: '{"id":2}' }) }, { local: { want: '2' } }),
    );
    const d = await test(code, makeCtx({ response: shared }, { local: { want: '1' } }));
    expect([a, b, c, d].map((x) => x.assertions[0]?.passed)).toEqual([true, true, true, true]);
  });

  it('handles repeated headers and query keys like postman-collection', async () => {
    const ctx = makeCtx({
      response: makeResponse({
        headers: [
          { key: 'Set-Cookie', value: 'a=1' },
          { key: 'set-cookie', value: 'b=2' },
        ],
      }),
    });
    ctx.request.url = 'http://x.com/a?k=1&k=2&z';
    const r = await test(
      `console.log(JSON.stringify(pm.response.headers.toObject()), pm.response.headers.get('Set-Cookie'));
       console.log(JSON.stringify(pm.request.url.query.toObject()), pm.request.url.query.get('k'), pm.request.url.toString());`,
      ctx,
    );
    expect(r.console.map((c) => c.message)).toEqual([
      '{"set-cookie":["a=1","b=2"]} b=2',
      '{"k":["1","2"],"z":""} 2 http://x.com/a?k=1&k=2&z',
    ]);
  });

  it('decodes base64 bodies for text()', async () => {
    const ctx = makeCtx({
      response: makeResponse({ body: Buffer.from('hi there').toString('base64'), bodyEncoding: 'base64' }),
    });
    const r = await test(`console.log(pm.response.text())`, ctx);
    expect(r.console[0]?.message).toBe('hi there');
  });
});

describe('pm.request', () => {
  it('reads url, query, method, headers and body', async () => {
    const ctx = makeCtx({ response: undefined });
    ctx.request.body = { mode: 'raw', raw: '{"a":1}', language: 'json' };
    const r = await pre(
      `const q = pm.request;
       console.log(q.url.toString(), q.url.getQueryString(), q.url.getHost(), q.url.getPath(), q.url.protocol);
       console.log(q.method, q.headers.get('accept'), q.url.query.get('page'), q.body.mode, q.body.raw);`,
      ctx,
    );
    expect(r.console.map((c) => c.message)).toEqual([
      'https://api.example.com/v1/widgets?page=2&q=x page=2&q=x api.example.com /v1/widgets https',
      'GET application/json 2 raw {"a":1}',
    ]);
    expect(r.request).toEqual(ctx.request);
  });

  it('returns pre-request mutations in result.request', async () => {
    const ctx = makeCtx({ response: undefined });
    const r = await pre(
      `pm.request.headers.add({ key: 'X-Added', value: '1' });
       pm.request.headers.upsert({ key: 'accept', value: 'text/plain' });
       pm.request.headers.remove('X-Nothing');
       pm.request.url.query.add({ key: 'extra', value: 'y' });
       pm.request.url.query.remove('q');
       pm.request.method = 'post';
       pm.request.body = { mode: 'raw', raw: JSON.stringify({ b: 2 }), options: { raw: { language: 'json' } } };`,
      ctx,
    );
    expect(r.failure).toBeUndefined();
    expect(r.request).toEqual({
      id: 'req-1',
      name: 'Get widget',
      method: 'POST',
      url: 'https://api.example.com/v1/widgets?page=2&extra=y',
      headers: [
        // Postman's upsert takes the key as given.
        { key: 'accept', value: 'text/plain', enabled: true },
        { key: 'X-Added', value: '1', enabled: true },
      ],
      body: { mode: 'raw', raw: '{"b":2}', language: 'json' },
    });
    // The host's object is untouched.
    expect(ctx.request.method).toBe('GET');
  });

  it('accepts a new url string and keeps {{variables}} as written', async () => {
    const r = await pre(
      `pm.request.url = '{{baseUrl}}/items/{{id}}?x={{x}}'; pm.request.removeHeader('Accept');`,
    );
    expect(r.request.url).toBe('{{baseUrl}}/items/{{id}}?x={{x}}');
    expect(r.request.headers).toEqual([]);
  });

  it('ignores request changes in the test phase', async () => {
    const ctx = makeCtx();
    const r = await test(`pm.request.headers.add({ key: 'X', value: '1' });`, ctx);
    expect(r.request).toBe(ctx.request);
  });

  it('round-trips urlencoded bodies', async () => {
    const ctx = makeCtx({ response: undefined });
    ctx.request.body = { mode: 'urlencoded', urlencoded: [{ key: 'a', value: '1', enabled: true }] };
    const r = await pre(`pm.request.body.urlencoded.add({ key: 'b', value: '2' });`, ctx);
    expect(r.request.body).toEqual({
      mode: 'urlencoded',
      urlencoded: [
        { key: 'a', value: '1', enabled: true },
        { key: 'b', value: '2', enabled: true },
      ],
    });
  });
});

describe('variables', () => {
  it('writes land in the host VariableScopes layers', async () => {
    const ctx = makeCtx({}, { environment: { keep: 'k', drop: 'd' }, globals: { g: '1' } });
    const r = await test(
      `pm.environment.set('token', 'abc');
       pm.environment.set('count', 3);
       pm.environment.set('obj', { a: [1] });
       pm.environment.unset('drop');
       pm.globals.set('g2', 'two');
       pm.collectionVariables.set('c', 'cv');
       pm.variables.set('local', 'l');
       console.log(pm.environment.get('keep'), pm.environment.has('drop'), typeof pm.environment.get('count'));
       console.log(JSON.stringify(pm.environment.toObject()));`,
      ctx,
    );
    expect(r.failure).toBeUndefined();
    const v = ctx.variables;
    expect(v.environment.toObject()).toEqual({ keep: 'k', token: 'abc', count: 3, obj: { a: [1] } });
    expect(v.globals.toObject()).toEqual({ g: '1', g2: 'two' });
    expect(v.collection.toObject()).toEqual({ c: 'cv' });
    expect(v.local.toObject()).toEqual({ local: 'l' });
    expect(r.console[0]?.message).toBe('k false number');
    expect(r.console[1]?.message).toBe('{"keep":"k","token":"abc","count":3,"obj":{"a":[1]}}');
  });

  it('resolves pm.variables with Postman precedence and clears scopes', async () => {
    const ctx = makeCtx(
      {},
      {
        globals: { x: 'global', onlyG: 'g' },
        collection: { x: 'collection' },
        environment: { x: 'env' },
        data: { x: 'data', row: 'r1' },
      },
    );
    const r = await test(
      `console.log(pm.variables.get('x'), pm.variables.get('onlyG'), pm.variables.has('row'));
       pm.variables.set('x', 'local');
       console.log(pm.variables.get('x'), pm.iterationData.get('row'), pm.iterationData.has('x'));
       console.log(JSON.stringify(pm.iterationData.toObject()));
       console.log(pm.variables.replaceIn('{{x}}-{{onlyG}}-{{missing}}'), pm.environment.replaceIn('{{x}}'));
       console.log(/^[0-9a-f-]{36}$/.test(pm.variables.replaceIn('{{$guid}}')));
       pm.globals.clear();
       try { pm.iterationData.set('a', 1) } catch (e) { console.log('iterationData: ' + e.message) }`,
      ctx,
    );
    expect(r.console.map((c) => c.message)).toEqual([
      'data g true',
      'local r1 true',
      '{"x":"data","row":"r1"}',
      'local-g-{{missing}} env',
      'true',
      'iterationData: This scope is read-only',
    ]);
    expect(ctx.variables.globals.toObject()).toEqual({});
  });

  it('supports the legacy postman variable helpers and globals', async () => {
    const ctx = makeCtx({}, { environment: { e: '1' }, data: { d: 'row' } });
    const r = await test(
      `postman.setEnvironmentVariable('legacy', 'yes');
       postman.setGlobalVariable('lg', 'g');
       console.log(postman.getEnvironmentVariable('e'), environment.e, data.d, iteration, globals.lg);
       tests['legacy pass'] = responseCode.code === 200 && responseTime === 42;
       tests['legacy fail'] = JSON.parse(responseBody).id === 8;
       console.log(responseHeaders['Content-Type'], postman.getResponseHeader('x-trace'), request.method);`,
      ctx,
    );
    expect(r.failure).toBeUndefined();
    expect(r.console.map((c) => c.message)).toEqual([
      '1 1 row 1 g',
      'application/json; charset=utf-8 abc GET',
    ]);
    expect(summary(r)).toEqual(['legacy pass:pass', 'legacy fail:fail']);
    expect(ctx.variables.environment.get('legacy')).toBe('yes');
    expect(ctx.variables.globals.get('lg')).toBe('g');
  });
});

describe('the run summary handed to the host', () => {
  it('keeps names, messages and values with characters JSON must escape', async () => {
    const ctx = makeCtx({}, { environment: {} });
    const odd = 'q"uote \\ back\nnew\ttab \u0001 \u00e9 \u{1F600} </end>';
    const r = await test(
      `const odd = ${JSON.stringify(odd)};
       pm.test(odd, () => pm.expect(odd).to.equal('other'));
       try { pm.expect(odd).to.equal('other'); } catch (e) { console.log(e.message); }
       tests[odd] = true;
       pm.environment.set(odd, odd);
       pm.environment.set('obj', { odd });`,
      ctx,
    );
    expect(r.failure).toBeUndefined();
    expect(r.assertions.map((a) => a.name)).toEqual([odd, odd]);
    expect(r.assertions[0]?.error).toBe(r.console[0]?.message);
    expect(r.assertions[0]?.error).toMatch(/^expected 'q"uote \\ back\\nnew\\ttab \\u0001/);
    expect(r.assertions[1]?.passed).toBe(true);
    expect(ctx.variables.environment.get(odd)).toBe(odd);
    expect(ctx.variables.environment.get('obj')).toEqual({ odd });
  });

  it('reports the same names run after run, past the kept texts’ count and length limits', async () => {
    // The sandbox keeps the JSON text of passed tests and variable names between runs (at most 512 of up to 256
    // characters): names seen again, names beyond the count and names too long to keep all come back exactly.
    const long = `long ${'x'.repeat(300)} "end"`;
    const ctx = makeCtx({}, { environment: {} });
    const code = `for (var i = 0; i < 300; i++) { pm.test('t' + i + ' "q"', function () {}); }
       pm.test(${JSON.stringify(long)}, function () {});
       pm.test('__proto__', function () {});
       pm.test('fails', function () { throw new Error('no'); });
       pm.environment.set('n' + pm.info.iteration, 'v"' + pm.info.iteration);
       pm.environment.set(${JSON.stringify(long)}, 'long');`;
    const names = [...Array.from({ length: 300 }, (_, i) => `t${i} "q"`), long, '__proto__', 'fails'];
    for (const iteration of [1, 2, 3]) {
      const r = await test(code, { ...ctx, info: { iteration } });
      expect(r.assertions.map((a) => a.name)).toEqual(names);
      expect(r.assertions.map((a) => a.passed)).toEqual([...names.slice(1).map(() => true), false]);
      expect(r.assertions.at(-1)?.error).toBe('no');
      expect(ctx.variables.environment.get(`n${iteration}`)).toBe(`v"${iteration}`);
      expect(ctx.variables.environment.get(long)).toBe('long');
    }
  });

  it('keeps the legacy tests object per run, replaced or left alone', async () => {
    const replaced = await test('tests = { a: true, b: 0 }; pm.test("c", function () {});');
    expect(summary(replaced)).toEqual(['c:pass', 'a:pass', 'b:fail']);
    const untouched = await test('pm.test("d", function () {}).test("e", function () {});');
    expect(summary(untouched)).toEqual(['d:pass', 'e:pass']);
    const written = await test('tests["f"] = 1; console.log(typeof tests, Object.keys(tests).join());');
    expect(summary(written)).toEqual(['f:pass']);
    expect(written.console[0]?.message).toBe('object f');
  });
});

describe('variables cached in the sandbox', () => {
  it('sees its own writes, Postman precedence after them, and returns fresh copies of objects', async () => {
    const ctx = makeCtx({}, { environment: { x: 'env', obj: { a: 1 } }, globals: { x: 'global' } });
    const r = await test(
      `const first = pm.environment.get('obj'); first.a = 99;
       console.log(pm.environment.get('obj').a, pm.variables.get('x'));
       pm.environment.set('x', 'env2');
       console.log(pm.environment.get('x'), pm.variables.get('x'), pm.globals.get('x'));
       pm.variables.set('x', 'local');
       console.log(pm.variables.get('x'), pm.environment.get('x'));
       pm.variables.unset('x');
       console.log(pm.variables.get('x'));
       pm.environment.unset('x');
       console.log(pm.environment.get('x'), pm.environment.has('x'), pm.variables.get('x'));
       pm.environment.set('u', undefined);
       console.log(pm.environment.has('u'), pm.environment.get('u'));`,
      ctx,
    );
    expect(r.failure).toBeUndefined();
    expect(r.console.map((c) => c.message)).toEqual([
      '1 env',
      'env2 env2 global',
      'local env2',
      'env2',
      'undefined false global',
      'true undefined',
    ]);
    expect(ctx.variables.environment.toObject()).toEqual({ obj: { a: 1 }, u: undefined });
  });

  it('picks up changes the host made between runs, and keeps its cache across runs otherwise', async () => {
    const ctx = makeCtx({}, { environment: { token: 't1', n: 1 } });
    await test(`pm.environment.set('n', pm.environment.get('n') + 1);`, ctx);
    expect(ctx.variables.environment.get('n')).toBe(2);
    const again = await test(
      `pm.environment.set('n', pm.environment.get('n') + 1); console.log(pm.environment.get('token'));`,
      ctx,
    );
    expect(again.console[0]?.message).toBe('t1');
    expect(ctx.variables.environment.get('n')).toBe(3);
    ctx.variables.environment.set('token', 't2');
    ctx.variables.environment.set('n', 10);
    const changed = await test(`console.log(pm.environment.get('token'), pm.environment.get('n'));`, ctx);
    expect(changed.console[0]?.message).toBe('t2 10');
    // Another VariableScopes (another iteration, another request) never sees this one's cached values.
    const other = makeCtx({}, { environment: { token: 'other' } });
    const isolated = await test(`console.log(pm.environment.get('token'), pm.environment.get('n'));`, other);
    expect(isolated.console[0]?.message).toBe('other undefined');
  });

  it('keeps one cache per scopes when runs alternate between them (load-test VUs), and drops a stale one', async () => {
    const read = `pm.environment.set('n', pm.environment.get('n') + 1); console.log(pm.environment.get('token'));`;
    const vus = ['a', 'b'].map((token) => {
      const ctx = makeCtx({}, { environment: { token, n: 0 } });
      const layer = ctx.variables.environment;
      const lookups = { count: 0 };
      const get = layer.get.bind(layer);
      // Counts the sandbox's host lookups (the host bridge reads the layer); values are the real ones.
      layer.get = (key: string) => {
        lookups.count += 1;
        return get(key);
      };
      return { ctx, lookups };
    });
    for (let round = 0; round < 3; round++) {
      for (const [i, vu] of vus.entries()) {
        const r = await test(read, vu.ctx);
        expect(r.console[0]?.message).toBe(i === 0 ? 'a' : 'b');
      }
    }
    // 'n' and 'token' looked up once per VU, then served from that VU's cache despite the other VU's runs between.
    expect(vus.map((v) => v.lookups.count)).toEqual([2, 2]);
    expect(vus.map((v) => v.ctx.variables.environment.get('n'))).toEqual([3, 3]);
    const [a] = vus;
    if (!a) {
      throw new Error('no VU');
    }
    a.ctx.variables.environment.set('token', 'a2');
    a.lookups.count = 0;
    expect((await test(read, a.ctx)).console[0]?.message).toBe('a2');
    expect(a.lookups.count).toBe(2);
    // More scopes than the sandbox keeps caches for: older ones are dropped, and come back right.
    for (let i = 0; i < 300; i++) {
      await test(`pm.environment.get('token');`, makeCtx({}, { environment: { token: `t${i}` } }));
    }
    expect((await test(read, a.ctx)).console[0]?.message).toBe('a2');
    expect(a.ctx.variables.environment.get('n')).toBe(5);
  });

  it('does not keep other scopes’ large values cached past a budget (a long-lived engine, a capped heap)', async () => {
    const big = makeCtx({}, { environment: { blob: 'x'.repeat(1_500_000) } });
    const layer = big.variables.environment;
    let lookups = 0;
    const get = layer.get.bind(layer);
    layer.get = (key: string) => {
      lookups += 1;
      return get(key);
    };
    const len = `console.log(pm.environment.get('blob').length);`;
    expect((await test(len, big)).console[0]?.message).toBe('1500000');
    await test(`pm.environment.get('x');`, makeCtx({}, { environment: { x: 1 } }));
    expect((await test(len, big)).console[0]?.message).toBe('1500000');
    // Over the budget, switching scopes dropped the caches: the value was asked again, not kept in the sandbox.
    expect(lookups).toBe(2);
  });

  it('hands pending writes to the host before pm.sendRequest and replaceIn read variables', async () => {
    const ctx = makeCtx({}, { environment: { base: baseUrl } });
    const seenBySend: unknown[] = [];
    const r = await test(
      `pm.environment.set('path', 'from-script');
       console.log(pm.environment.replaceIn('{{path}}'));
       pm.globals.set('g', 'before send');
       const res = await pm.sendRequest(pm.environment.get('base') + '/x');
       console.log(res.code);`,
      {
        ...ctx,
        sendRequest: (req) => {
          seenBySend.push(ctx.variables.globals.get('g'));
          return hostSend(req);
        },
      },
    );
    expect(r.failure).toBeUndefined();
    expect(r.console.map((c) => c.message)).toEqual(['from-script', '200']);
    expect(seenBySend).toEqual(['before send']);
  });

  it('keeps the writes made before a script failed', async () => {
    const ctx = makeCtx({}, { environment: {} });
    const r = await test(`pm.environment.set('before', 1); throw new Error('boom');`, ctx);
    expect(r.failure?.message).toContain('boom');
    expect(ctx.variables.environment.get('before')).toBe(1);
  });
});

describe('pm.info, cookies, flow control and console', () => {
  it('exposes pm.info', async () => {
    const r = await test(`console.log(JSON.stringify(pm.info))`);
    expect(JSON.parse(r.console[0]?.message ?? '')).toEqual({
      eventName: 'test',
      iteration: 1,
      iterationCount: 3,
      requestName: 'Get widget',
      requestId: 'req-1',
    });
    const p = await pre(`console.log(pm.info.eventName, typeof pm.response)`);
    expect(p.console[0]?.message).toBe('prerequest undefined');
  });

  it('exposes pm.cookies from the response or the host', async () => {
    const r = await test(
      `console.log(pm.cookies.get('sid'), pm.cookies.has('nope'), JSON.stringify(pm.cookies.toObject()))`,
    );
    expect(r.console[0]?.message).toBe('s1 false {"sid":"s1"}');
    const h = await test(
      `console.log(JSON.stringify(pm.cookies.toObject()))`,
      makeCtx({ cookies: [{ name: 'jar', value: 'j' }] }),
    );
    expect(h.console[0]?.message).toBe('{"jar":"j"}');
  });

  it('returns setNextRequest and skipRequest', async () => {
    expect((await test(`postman.setNextRequest('Login')`)).nextRequest).toBe('Login');
    expect((await test(`postman.setNextRequest(null)`)).nextRequest).toBeNull();
    expect((await test(`pm.execution.setNextRequest('B')`)).nextRequest).toBe('B');
    expect((await test(`1`)).nextRequest).toBeUndefined();
    expect((await pre(`pm.execution.skipRequest()`)).skipRequest).toBe(true);
  });

  it('skipRequest ends the pre-request script without a failure; in a test script it throws a TypeError', async () => {
    const r = await pre(`pm.execution.skipRequest(); console.log('not reached');`);
    expect(r.skipRequest).toBe(true);
    expect(r.failure).toBeUndefined();
    expect(r.console).toEqual([]);
    const t = await test(`try { pm.execution.skipRequest(); } catch (e) { console.log(e.name); }`);
    expect(t.console[0]?.message).toBe('TypeError');
    expect(t.skipRequest).toBeUndefined();
  });

  it('pm.test without a function passes, as in newman', async () => {
    const r = await test(`pm.test('no callback'); pm.test('not a function', 42);`);
    expect(r.assertions.map((a) => [a.name, a.passed, a.skipped])).toEqual([
      ['no callback', true, false],
      ['not a function', true, false],
    ]);
  });

  it('hands pm.visualizer.set output to the host, and clear() removes it', async () => {
    const r = await test(`pm.visualizer.set('<b>{{n}}</b>', { n: 1 });`);
    expect(r.visualizer).toEqual({ template: '<b>{{n}}</b>', data: '{"n":1}' });
    expect((await test(`pm.visualizer.set('<i/>')`)).visualizer).toEqual({ template: '<i/>' });
    expect((await test(`pm.visualizer.set('x', {}); pm.visualizer.clear();`)).visualizer).toBeNull();
    expect((await test(`1`)).visualizer).toBeUndefined();
  });

  it('serves the legacy helpers of Postman: xml2Json, tv4, lenient atob, uuid as a function', async () => {
    const r = await test(`
      console.log(JSON.stringify(xml2Json('<r><i id="1">one</i><i id="2">two</i><n>x</n><e/></r>')));
      console.log(String(xml2Json('not xml')));
      console.log(tv4.validate({ a: 1 }, { type: 'object', required: ['a'] }), require('tv4').validate(1, { type: 'string' }));
      console.log(atob('!!'), typeof require('uuid'), require('uuid')().length, typeof require('uuid').v1);
      console.log(JSON.stringify(require('csv-parse/lib/sync')('a,b\\n1,2', { columns: true })));
      console.log(JSON.stringify(request.headers));
    `);
    expect(r.failure).toBeUndefined();
    expect(r.console.map((c) => c.message)).toEqual([
      '{"r":{"i":[{"_":"one","$":{"id":"1"}},{"_":"two","$":{"id":"2"}}],"n":"x","e":""}}',
      'undefined',
      'true false',
      ' function 36 undefined',
      '[{"a":"1","b":"2"}]',
      '{"accept":"application/json"}',
    ]);
  });

  it('captures console levels and formats values', async () => {
    const r = await test(`
      console.log('a', 1, true, null, undefined, { b: [1, 'x'] }, [1, 2]);
      console.info('%s is %d', 'x', 5);
      console.warn(new Error('boom'));
      console.error(function named() {});
      console.debug({ self: null, deep: { a: { b: { c: { d: { e: { f: 1 } } } } } } });
    `);
    expect(r.console).toEqual([
      { level: 'log', message: "a 1 true null undefined { b: [ 1, 'x' ] } [ 1, 2 ]" },
      { level: 'info', message: 'x is 5' },
      { level: 'warn', message: 'Error: boom' },
      { level: 'error', message: '[Function: named]' },
      { level: 'debug', message: '{ self: null, deep: { a: { b: { c: { d: [Object] } } } } }' },
    ]);
  });
});

describe('async, require and errors', () => {
  it('supports top-level await and timers', async () => {
    const r = await test(`
      const v = await new Promise((resolve) => setTimeout(() => resolve(5), 10));
      let ticks = 0;
      await new Promise((resolve) => { const id = setInterval(() => { ticks++; if (ticks === 3) { clearInterval(id); resolve(); } }, 1); });
      const never = setTimeout(() => console.log('cleared timer ran'), 1);
      clearTimeout(never);
      pm.test('awaited', () => pm.expect(v + ticks).to.equal(8));
    `);
    expect(r.failure).toBeUndefined();
    expect(summary(r)).toEqual(['awaited:pass']);
    expect(r.console).toEqual([]);
  });

  it('pm.sendRequest works with a callback and as a promise', async () => {
    const ctx = makeCtx({ sendRequest: hostSend }, { environment: { base: baseUrl } });
    const r = await test(
      `pm.sendRequest(pm.environment.get('base') + '/cb', (err, res) => {
         pm.test('callback', () => { pm.expect(err).to.equal(null); pm.expect(res.json().path).to.equal('/cb'); });
       });
       const res = await pm.sendRequest({
         url: pm.environment.get('base') + '/promise', method: 'POST',
         header: { 'X-Custom': 'yes' }, body: { mode: 'raw', raw: 'payload' },
       });
       const echo = res.json();
       pm.test('promise', () => {
         pm.expect(res.code).to.equal(200);
         pm.expect(echo.method).to.equal('POST');
         pm.expect(echo.headers['x-custom']).to.equal('yes');
         pm.expect(echo.body).to.equal('payload');
         pm.expect(res.responseTime).to.be.a('number');
         pm.expect(res.headers.get('Content-Type')).to.equal('application/json');
         res.to.have.status(200);
       });
       const missing = await pm.sendRequest(pm.environment.get('base') + '/missing');
       pm.test('404', () => pm.expect(missing.code).to.equal(404));
       try { await pm.sendRequest('http://127.0.0.1:1/refused'); } catch (e) { console.log('refused: ' + (e instanceof Error)); }`,
      ctx,
    );
    expect(r.failure).toBeUndefined();
    expect(summary(r)).toEqual(['callback:pass', 'promise:pass', '404:pass']);
    expect(r.console[0]?.message).toBe('refused: true');
  });

  it('pm.sendRequest fails clearly without a host implementation', async () => {
    const r = await test(`pm.sendRequest('http://x', (err) => { console.log(err.message); });`);
    expect(r.console[0]?.message).toMatch(/not available/);
  });

  it('reports an error thrown inside a sendRequest callback', async () => {
    const ctx = makeCtx({ sendRequest: hostSend }, { environment: { base: baseUrl } });
    const r = await test(
      `pm.sendRequest(pm.environment.get('base'), () => {\n  throw new Error('in callback');\n});`,
      ctx,
    );
    expect(r.failure).toMatchObject({ message: 'Error: in callback', line: 2, kind: 'error' });
  });

  it('requires the bundled libraries and refuses others', async () => {
    const r = await test(`
      const _ = require('lodash');
      const CryptoJS = require('crypto-js');
      const uuid = require('uuid');
      const chai = require('chai');
      console.log(_.chunk([1, 2, 3], 2).length, CryptoJS.MD5('a').toString(), uuid.v4().length);
      console.log(CryptoJS.enc.Base64.stringify(CryptoJS.HmacSHA256('msg', 'key')));
      console.log(typeof chai.expect, require('lodash') === _, typeof btoa, atob(btoa('hi')));
      console.log(_.VERSION === globalThis._.VERSION, typeof CryptoJS.SHA256);
    `);
    expect(r.failure).toBeUndefined();
    expect(r.console.map((c) => c.message)).toEqual([
      '2 0cc175b9c0f1b6a831c399e269772661 36',
      createHmac('sha256', 'key').update('msg').digest('base64'),
      'function true function hi',
      'true function',
    ]);
    const moment = await test(`console.log(require('moment').utc(0).add(1, 'day').toISOString());`);
    expect(moment.console[0]?.message).toBe('1970-01-02T00:00:00.000Z');
    // Libraries without a single-file build are bundled (from source: on first use) as postman-sandbox serves them.
    const bundled = await test(`
      require('xml2js').parseString('<a x="1">t</a>', (err, r) => console.log(err, JSON.stringify(r)));
      console.log(require('cheerio').load('<p class="q">c</p>')('.q').text(), Buffer.from('hi').toString('hex'));
      console.log(require('util').format('%s=%d', 'n', 5), require('path').basename('/a/b.txt'));
    `);
    expect(bundled.failure).toBeUndefined();
    expect(bundled.console.map((c) => c.message)).toEqual([
      'null {"a":{"_":"t","$":{"x":"1"}}}',
      'c 6869',
      'n=5 b.txt',
    ]);
    const missing = await test(`const m = require('left-pad');`);
    expect(missing.failure?.message).toMatch(/Module 'left-pad' is not available in the sandbox/);
  });

  it('reports a thrown error with the user line, and syntax errors with theirs', async () => {
    const r = await test(`const a = 1;\nconst b = 2;\nnotDefined.call();\nconsole.log('never');`);
    expect(r.failure).toEqual({
      kind: 'error',
      message: "ReferenceError: 'notDefined' is not defined",
      line: 3,
    });
    expect(r.console).toEqual([]);
    const s = await test(`const ok = 1;\n\nconst = broken;`);
    expect(s.failure?.kind).toBe('syntax');
    expect(s.failure?.line).toBe(3);
    const t = await test(`throw 'plain string'`);
    expect(t.failure).toMatchObject({ message: 'plain string' });
  });

  it('a precompiled script runs as compiled on demand; compile errors still surface at run time', async () => {
    const code = `console.log('ran');\npm.test('pre', () => pm.expect(pm.info.requestName).to.equal('Get widget'));`;
    engine.precompile(code);
    const r = await test(code);
    expect(summary(r)).toEqual(['pre:pass']);
    expect(r.console.map((c) => c.message)).toEqual(['ran']);
    const broken = `const ok = 1;\n\nconst = broken;`;
    engine.precompile(broken);
    const s = await test(broken);
    expect(s.failure).toMatchObject({ kind: 'syntax', line: 3 });
  });

  it('serializes concurrent runs on one engine and keeps their results apart', async () => {
    const a = makeCtx({}, { local: { who: 'a' } });
    const b = makeCtx({}, { local: { who: 'b' } });
    const code = `await new Promise((r) => setTimeout(r, 20));
      pm.test(pm.variables.get('who'), () => pm.expect(pm.info.requestName).to.equal('Get widget'));
      pm.environment.set('seen', pm.variables.get('who'));`;
    const [ra, rb] = await Promise.all([test(code, a), test(code, b)]);
    expect(summary(ra)).toEqual(['a:pass']);
    expect(summary(rb)).toEqual(['b:pass']);
    expect(a.variables.environment.get('seen')).toBe('a');
    expect(b.variables.environment.get('seen')).toBe('b');
  });

  it('runs scripts in the order they were asked for, behind one that awaits', async () => {
    const order: string[] = [];
    const log = (r: Awaited<ReturnType<typeof test>>, name: string) => {
      order.push(`${name}:${summary(r).join(',')}`);
    };
    const slow = `await new Promise((r) => setTimeout(r, 20)); pm.test('slow', () => {});`;
    const quick = (name: string) =>
      `pm.test('${name}', () => pm.expect(pm.variables.get('who')).to.equal('${name}'));`;
    const ctxOf = (who: string) => makeCtx({}, { local: { who } });
    // A free engine starts a synchronous script at once: it has finished before the next one is asked for.
    const first = test(quick('first'), ctxOf('first')).then((r) => log(r, 'first'));
    const a = test(slow).then((r) => log(r, 'a'));
    const b = test(quick('b'), ctxOf('b')).then((r) => log(r, 'b'));
    const c = test(quick('c'), ctxOf('c')).then((r) => log(r, 'c'));
    await Promise.all([first, a, b, c]);
    expect(order).toEqual(['first:first:pass', 'a:slow:pass', 'b:b:pass', 'c:c:pass']);
    // Free again: the next run is not held up by the queue.
    const r = await test(quick('d'), ctxOf('d'));
    expect(summary(r)).toEqual(['d:pass']);
  });

  it('treats a time limit of 0 as none', async () => {
    const r = await engine.run({
      phase: 'test',
      code: `await new Promise((r) => setTimeout(r, 30)); pm.test('waited', () => {});`,
      source: 't',
      ctx: makeCtx(),
      timeoutMs: 0,
    });
    expect(r.failure).toBeUndefined();
    expect(summary(r)).toEqual(['waited:pass']);
  });

  it('honours a per-run time limit', async () => {
    const r = await engine.run({
      phase: 'test',
      code: 'for (;;) {}',
      source: 't',
      ctx: makeCtx(),
      timeoutMs: 50,
    });
    expect(r.failure).toMatchObject({ kind: 'timeout', message: 'Script exceeded the time limit of 50 ms' });
  });

  it('keeps tests recorded before a throw', async () => {
    const r = await test(`pm.test('before', () => {});\nthrow new TypeError('late');`);
    expect(summary(r)).toEqual(['before:pass']);
    expect(r.failure).toMatchObject({ message: 'TypeError: late', line: 2 });
  });
});
