import { isAppError } from '@apiplay/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoRoutes } from './index';

let app: FastifyInstance;

beforeAll(async () => {
  // A bare Fastify with only the echo plugin: echo must work without auth or any other plugin.
  app = Fastify();
  app.setErrorHandler((error, _request, reply) => {
    if (isAppError(error)) {
      return reply.code(error.status).send(error.toJSON());
    }
    return reply.send(error);
  });
  await app.register(echoRoutes, { prefix: '/echo' });
  await app.ready();
});
afterAll(() => app.close());

describe('echo', () => {
  it('echoes method, path, query and headers', async () => {
    const res = await app.inject({
      method: 'PUT',
      url: '/echo/a/b?x=1&x=2&y=z',
      headers: { 'x-test': 'yes' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ method: 'PUT', path: '/echo/a/b', query: { x: ['1', '2'], y: 'z' } });
    expect(body.headers['x-test']).toBe('yes');
  });

  it('echoes a JSON body parsed and as text', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', payload: { a: 1 } });
    expect(res.json()).toMatchObject({ json: { a: 1 }, body: '{"a":1}', contentType: 'application/json' });
  });

  it('echoes invalid JSON as text instead of failing', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/echo/x',
      payload: '{nope',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ body: '{nope' });
    expect(res.json().json).toBeUndefined();
  });

  it('echoes urlencoded forms', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/echo',
      payload: 'a=1&b=two&a=3',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.json().form).toEqual({ a: ['1', '3'], b: 'two' });
  });

  it('echoes multipart fields and files', async () => {
    const fd = new FormData();
    fd.append('name', 'ada');
    fd.append('file', new Blob(['hello'], { type: 'text/plain' }), 'h.txt');
    const req = new Request('http://x/', { method: 'POST', body: fd });
    const payload = Buffer.from(await req.arrayBuffer());
    const res = await app.inject({
      method: 'POST',
      url: '/echo',
      payload,
      headers: { 'content-type': req.headers.get('content-type') ?? '' },
    });
    expect(res.json().form).toEqual({ name: 'ada' });
    expect(res.json().files).toEqual([
      { field: 'file', filename: 'h.txt', contentType: 'text/plain', size: 5 },
    ]);
  });

  it('echoes binary bodies of unknown types as base64', async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x01]);
    const res = await app.inject({
      method: 'POST',
      url: '/echo',
      payload: bytes,
      headers: { 'content-type': 'application/x-weird' },
    });
    expect(res.json()).toMatchObject({ bodyEncoding: 'base64', body: bytes.toString('base64'), size: 4 });
  });

  it('returns the asked status and rejects out-of-range codes', async () => {
    expect((await app.inject({ url: '/echo/status/418' })).statusCode).toBe(418);
    expect((await app.inject({ url: '/echo/status/204' })).body).toBe('');
    const bad = await app.inject({ url: '/echo/status/999' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('BAD_REQUEST');
  });

  it('bounds delays', async () => {
    expect((await app.inject({ url: '/echo/delay/5' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/echo/delay/600000' })).statusCode).toBe(400);
  });

  it('redirects n times then echoes', async () => {
    const first = await app.inject({ url: '/echo/redirect/2' });
    expect(first.statusCode).toBe(302);
    expect(new URL(first.headers.location as string, 'http://h/echo/redirect/2').pathname).toBe(
      '/echo/redirect/1',
    );
    const last = await app.inject({ url: '/echo/redirect/0' });
    expect(last.json().path).toBe('/echo/redirect/0');
    expect((await app.inject({ url: '/echo/redirect/1?status=307' })).statusCode).toBe(307);
  });

  it('sets, reads and deletes cookies', async () => {
    const set = await app.inject({ url: '/echo/cookies/set?a=1&b=2' });
    expect(set.headers['set-cookie']).toEqual([
      'a=1; Path=/echo; SameSite=Lax',
      'b=2; Path=/echo; SameSite=Lax',
    ]);
    const got = await app.inject({ url: '/echo/cookies', headers: { cookie: 'a=1; b=2' } });
    expect(got.json()).toEqual({ cookies: { a: '1', b: '2' } });
    const del = await app.inject({ url: '/echo/cookies/delete?a', headers: { cookie: 'a=1; b=2' } });
    expect(del.json()).toEqual({ cookies: { b: '2' } });
  });

  it('checks basic auth', async () => {
    const good = Buffer.from('u:p').toString('base64');
    expect(
      (await app.inject({ url: '/echo/basic-auth/u/p', headers: { authorization: `Basic ${good}` } })).json(),
    ).toEqual({
      authenticated: true,
      user: 'u',
    });
    const bad = await app.inject({
      url: '/echo/basic-auth/u/q',
      headers: { authorization: `Basic ${good}` },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['www-authenticate']).toContain('Basic');
  });

  it('checks bearer tokens', async () => {
    expect(
      (await app.inject({ url: '/echo/bearer', headers: { authorization: 'Bearer abc' } })).json(),
    ).toEqual({
      authenticated: true,
      token: 'abc',
    });
    expect((await app.inject({ url: '/echo/bearer' })).statusCode).toBe(401);
  });

  it('streams the asked number of bytes', async () => {
    const res = await app.inject({ url: '/echo/bytes/100000' });
    expect(res.rawPayload.length).toBe(100000);
    expect((await app.inject({ url: '/echo/bytes/999999999999' })).statusCode).toBe(400);
  });

  it('sets response headers from the query', async () => {
    const res = await app.inject({ url: '/echo/response-headers?x-one=1' });
    expect(res.headers['x-one']).toBe('1');
    const typed = await app.inject({
      url: '/echo/response-headers?content-type=text/plain;%20charset=utf-8&cache-control=no-store',
    });
    expect(typed.statusCode).toBe(200);
    expect(typed.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(typed.headers['cache-control']).toBe('no-store');
  });
});

describe('echo cannot be turned against the app', () => {
  it('serves every answer (errors included) as a sandboxed, never-sniffed document', async () => {
    for (const url of [
      '/echo/x?a=1',
      '/echo/status/404',
      '/echo/status/999',
      '/echo/bytes/10',
      '/echo/redirect/1',
      '/echo/response-headers?content-security-policy=default-src%20*',
    ]) {
      const res = await app.inject({ url });
      expect(res.headers['content-security-policy'], url).toBe('sandbox');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
    }
  });

  it.each([
    ['a content-type list ending in text/html', 'content-type=application/json&content-type=text/html'],
    ['text/html', 'content-type=text/html'],
    ['an SVG document', 'content-type=image/svg%2Bxml'],
    ['a parameter smuggling a type', 'content-type=text/plain;%20x=text/html'],
    ['a replacement CSP', 'content-security-policy=script-src%20*'],
    ['a refresh (open redirect)', 'refresh=0;url=https://evil.example/'],
    ['a location', 'location=https://evil.example/'],
    ['a cookie for the app origin', 'set-cookie=session=x;%20Path=/'],
    ['CORS', 'access-control-allow-origin=*'],
    ['a download', 'content-disposition=attachment;%20filename=a.html'],
    ['a header split', 'x-a=1%0d%0aset-cookie:%20a=1'],
    ['x-frame-options', 'x-frame-options=ALLOWALL'],
  ])('refuses %s with a 400 naming the header', async (_what, query) => {
    const res = await app.inject({ url: `/echo/response-headers?${query}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/^query\./);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers.location).toBeUndefined();
    expect(res.headers.refresh).toBeUndefined();
    expect(res.headers['content-type']).not.toMatch(/html|svg/);
    expect(res.headers['content-security-policy']).toBe('sandbox');
  });

  it('only ever redirects to a relative path of its own', async () => {
    for (const url of ['/echo/redirect/3', '/echo/redirect/1?status=308&url=https://evil.example/']) {
      const res = await app.inject({ url });
      const location = String(res.headers.location);
      expect(location).toMatch(/^\d+$/);
      expect(new URL(location, `http://app.local${url}`).origin).toBe('http://app.local');
    }
  });

  it('scopes the cookies it sets to its own path', async () => {
    const res = await app.inject({ url: '/echo/cookies/set?__Host-refresh=x&apiplay_refresh=y' });
    for (const cookie of res.headers['set-cookie'] as string[]) {
      expect(cookie).toMatch(/; Path=\/echo(;|$)/);
    }
  });
});
