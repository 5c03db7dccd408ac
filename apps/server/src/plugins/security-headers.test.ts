import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test';
import { registerSecurityHeaders } from './security-headers';

const tlsOnly = (headers: Record<string, unknown>) => ({
  hsts: headers['strict-transport-security'],
  upgrade: String(headers['content-security-policy']).includes('upgrade-insecure-requests'),
});

describe('security headers over plain HTTP and TLS (item 2)', () => {
  let direct: TestApp;
  let proxied: TestApp;
  beforeAll(async () => {
    direct = await createTestApp();
    proxied = await createTestApp({ env: { TRUST_PROXY: 'true' } });
  });
  afterAll(async () => {
    await direct.close();
    await proxied.close();
  });

  it('sends neither HSTS nor upgrade-insecure-requests over plain HTTP, keeping the rest of the CSP', async () => {
    const r = await direct.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { host: 'apiplay.lan:8080' },
    });
    expect(tlsOnly(r.headers)).toEqual({ hsts: undefined, upgrade: false });
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('ignores X-Forwarded-Proto unless TRUST_PROXY is set', async () => {
    const r = await direct.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(tlsOnly(r.headers)).toEqual({ hsts: undefined, upgrade: false });
  });

  it('behind a trusted proxy: https → HSTS and upgrade-insecure-requests; http → neither', async () => {
    const tls = await proxied.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(tls.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(tlsOnly(tls.headers).upgrade).toBe(true);
    const plain = await proxied.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-forwarded-proto': 'http' },
    });
    expect(tlsOnly(plain.headers)).toEqual({ hsts: undefined, upgrade: false });
    const none = await proxied.app.inject({ method: 'GET', url: '/healthz' });
    expect(tlsOnly(none.headers)).toEqual({ hsts: undefined, upgrade: false });
  });

  it('with TRUST_PROXY as a list, only those proxies are believed', async () => {
    const listed = await createTestApp({ env: { TRUST_PROXY: '10.1.2.0/24' } });
    try {
      const from = async (remoteAddress: string) =>
        tlsOnly(
          (
            await listed.app.inject({
              method: 'GET',
              url: '/healthz',
              remoteAddress,
              headers: { 'x-forwarded-proto': 'https' },
            })
          ).headers,
        );
      expect((await from('10.1.2.3')).upgrade).toBe(true);
      expect(await from('192.0.2.7')).toEqual({ hsts: undefined, upgrade: false });
    } finally {
      await listed.close();
    }
  });
});

const openssl = spawnSync('openssl', ['version']).status === 0;

describe.skipIf(!openssl)(
  'security headers on a TLS socket (needs openssl for a throwaway certificate)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'apiplay-tls-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('sends HSTS and upgrade-insecure-requests when the connection itself is TLS', async () => {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      const app = Fastify({
        https: { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      });
      registerSecurityHeaders(app, { contentSecurityPolicy: { directives: { defaultSrc: ["'self'"] } } });
      app.get('/', async () => 'ok');
      await app.listen({ port: 0, host: '127.0.0.1' });
      try {
        const { port } = app.server.address() as AddressInfo;
        const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
          request({ host: '127.0.0.1', port, path: '/', rejectUnauthorized: false }, (res) => {
            res.resume();
            resolve(res.headers);
          })
            .on('error', reject)
            .end();
        });
        expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(tlsOnly(headers).upgrade).toBe(true);
      } finally {
        await app.close();
      }
    });
  },
);
