import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test';

describe('app skeleton', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
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
    expect(r.json().checks.broken).toEqual({ ok: false, error: 'down' });
    t.app.readiness.register('broken', async () => undefined);
  });

  it('serves the OpenAPI document and the docs UI', async () => {
    const o = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(o.statusCode).toBe(200);
    expect(o.json().openapi).toBe('3.1.0');
    const d = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(d.statusCode).toBe(200);
    expect(d.headers['content-type']).toContain('text/html');
  });

  it('exposes Prometheus metrics with the route pattern', async () => {
    await t.app.inject({ method: 'GET', url: '/healthz' });
    const m = await t.app.inject({ method: 'GET', url: '/metrics' });
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
