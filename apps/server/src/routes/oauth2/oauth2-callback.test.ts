import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test';

describe('the OAuth 2 popup callback page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is an HTML page loading its script from the same origin (no inline script for the CSP)', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/api/oauth2/callback?code=c&state=s' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<script src="/api/oauth2/callback.js"></script>');
    const csp = String(page.headers['content-security-policy']);
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? /default-src ([^;]*)/.exec(csp)?.[1];
    expect(scriptSrc).toContain("'self'");
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    const script = await t.app.inject({ method: 'GET', url: '/api/oauth2/callback.js' });
    expect(script.headers['content-type']).toContain('text/javascript');
    expect(script.body).toContain("new BroadcastChannel('apiplay-oauth2')");
  });
});
