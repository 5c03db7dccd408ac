import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildUser, createTestApp, type TestApp } from './test';

const METRICS_TOKEN = 'metrics-token-for-tests';

describe('app skeleton', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { METRICS_TOKEN } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers /healthz and /readyz', async () => {
    const h = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(h.statusCode).toBe(200);
    const r = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ready', checks: { database: { ok: true } } });
  });

  it('reports 503 from /readyz when a check fails', async () => {
    t.app.readiness.register('broken', async () => {
      throw new Error('down');
    });
    const r = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(r.statusCode).toBe(503);
    expect(r.json().checks.broken).toEqual({ ok: false });
    expect(r.json().failed).toEqual(['broken']);
    t.app.readiness.register('broken', async () => undefined);
  });

  it('serves the OpenAPI document and the docs UI', async () => {
    const o = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(o.statusCode).toBe(200);
    expect(o.json().openapi).toBe('3.1.0');
    const d = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(d.statusCode).toBe(200);
    expect(d.headers['content-type']).toContain('text/html');
    for (const asset of [
      '/docs/init.js',
      '/docs/static/swagger-ui-bundle.js',
      '/docs/static/swagger-ui.css',
    ]) {
      const a = await t.app.inject({ method: 'GET', url: asset });
      expect(a.statusCode, asset).toBe(200);
    }
    // only the UI's own assets: no package metadata, no way out of its folder
    for (const path of ['/docs/static/package.json', '/docs/static/..%2Fpackage.json']) {
      expect((await t.app.inject({ method: 'GET', url: path })).statusCode, path).toBe(404);
    }
  });

  it('exposes Prometheus metrics with the route pattern', async () => {
    await t.app.inject({ method: 'GET', url: '/healthz' });
    const m = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(m.statusCode).toBe(200);
    expect(m.body).toContain('http_request_duration_seconds_bucket');
    expect(m.body).toMatch(/route="\/healthz",status="200"/);
    expect(m.body).toContain('process_resident_memory_bytes');
  });

  it('answers unknown routes with 404 in the error format and a request id', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/nope' });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(r.headers['x-request-id']).toBeTruthy();
  });

  it('sets security headers', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('request errors in the error format', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { BODY_LIMIT: '2kb' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('malformed JSON → 400 INVALID_JSON', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@b.c", ',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toEqual({ error: { code: 'INVALID_JSON', message: expect.any(String) } });
  });

  it('oversized body → 413 PAYLOAD_TOO_LARGE', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(4096) }),
    });
    expect(r.statusCode).toBe(413);
    expect(r.json()).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) } });
  });

  it('schema violations → 400 naming the field', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'not-an-email', password: 'x' },
    });
    expect(r.statusCode).toBe(400);
    const body = r.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.message).toMatch(/^body\.email: /);
    expect(body.error.details.issues[0].field).toBe('body.email');
  });

  it('unexpected errors → 500 with a generic message, internals not leaked', async () => {
    const u = await buildUser(t);
    const db = t.app.ctx.db as { select: unknown };
    const select = db.select;
    db.select = () => {
      throw new Error('secret internal detail');
    };
    try {
      const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: u.headers });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ error: { code: 'INTERNAL', message: 'Internal server error' } });
      expect(res.body).not.toContain('secret');
    } finally {
      db.select = select;
    }
  });
});

describe('logging and CORS', () => {
  it('logs a request id and redacts credentials, passwords and invitation tokens', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const t = await createTestApp({
      env: { LOG_LEVEL: 'info', CORS_ORIGINS: 'https://app.example.test' },
      logStream: stream,
    });
    try {
      const u = await buildUser(t);
      await t.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { ...u.headers, cookie: 'sid=secret-cookie', 'x-api-key': 'apk_secretkey' },
      });
      await t.app.inject({
        method: 'POST',
        url: '/api/invitations/inv_supersecrettoken/accept',
        headers: u.headers,
      });
      t.app.log.warn({ body: { password: 'pw-secret-1', name: 'kept' }, token: 'tok-secret-2' }, 'careless');
      const all = lines.join('');
      expect(all).toContain('"reqId"');
      expect(all).not.toContain('pw-secret-1');
      expect(all).not.toContain('tok-secret-2');
      expect(all).toContain('"name":"kept"');
      expect(all).not.toContain(u.accessToken);
      expect(all).not.toContain('secret-cookie');
      expect(all).not.toContain('apk_secretkey');
      expect(all).not.toContain('inv_supersecrettoken');
      expect(all).toContain('[REDACTED]');

      const allowed = await t.app.inject({
        method: 'OPTIONS',
        url: '/api/auth/me',
        headers: { origin: 'https://app.example.test', 'access-control-request-method': 'GET' },
      });
      expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.test');
      const denied = await t.app.inject({
        method: 'GET',
        url: '/healthz',
        headers: { origin: 'https://evil.example.test' },
      });
      expect(denied.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('never logs credentials sent to the built-in targets or in Sec-WebSocket-Protocol', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const t = await createTestApp({ env: { LOG_LEVEL: 'info' }, logStream: stream });
    try {
      const u = await buildUser(t);
      await t.app.inject({ url: '/echo/bearer?access_token=q-secret-1&x=2' });
      await t.app.inject({ url: '/demo/store/products?api_key=q-secret-2' });
      const echoed = await t.app.inject({
        url: '/echo/anything',
        headers: {
          'x-auth-token': 'h-secret-3',
          'x-amz-security-token': 'h-secret-4',
          'x-session-id': 'h-secret-5',
          'x-harmless': 'kept-value',
        },
      });
      // The app's own CSP (set for every response) is replaced on the built-in targets, not added to.
      expect(echoed.headers['content-security-policy']).toBe('sandbox');
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.server.address() as AddressInfo;
      const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, ['apiplay', u.accessToken]);
      await new Promise<void>((resolve, reject) => {
        socket.on('message', () => resolve());
        socket.on('error', reject);
      });
      socket.close();
      const all = lines.join('');
      expect(all).toContain('/echo/bearer?[REDACTED]');
      expect(all).toContain('kept-value');
      for (const secret of ['q-secret-1', 'q-secret-2', 'h-secret-3', 'h-secret-4', 'h-secret-5']) {
        expect(all).not.toContain(secret);
      }
      expect(all).toContain('"url":"/ws"');
      expect(all).not.toContain(u.accessToken);
    } finally {
      await t.close();
    }
  });
});
