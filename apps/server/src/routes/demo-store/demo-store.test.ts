import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStoreRoutes } from './index';

let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify();
  await app.register(demoStoreRoutes, { prefix: '/demo/store' });
  await app.ready();
});
afterAll(() => app.close());

describe('demo store', () => {
  it('logs in and uses the token', async () => {
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/demo/store/login',
          payload: { username: 'x', password: 'y' },
        })
      ).statusCode,
    ).toBe(401);
    const login = await app.inject({
      method: 'POST',
      url: '/demo/store/login',
      payload: { username: 'demo', password: 'demo' },
    });
    const { token } = login.json();
    expect((await app.inject({ url: '/demo/store/me' })).statusCode).toBe(401);
    const me = await app.inject({ url: '/demo/store/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json()).toEqual({ username: 'demo', name: 'Demo User' });
    const created = await app.inject({
      method: 'POST',
      url: '/demo/store/products',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'Gadget', categoryId: 2, price: 9.5 },
    });
    expect(created.statusCode).toBe(201);
    expect((await app.inject({ url: `/demo/store/products/${created.json().id}` })).json().name).toBe(
      'Gadget',
    );
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/demo/store/products',
          payload: { name: 'x', categoryId: 1, price: 1 },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('serves every answer as a sandboxed, never-sniffed document', async () => {
    for (const url of ['/demo/store/products', '/demo/store/me', '/demo/store/openapi.json']) {
      const res = await app.inject({ url });
      expect(res.headers['content-security-policy'], url).toBe('sandbox');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
    }
  });

  it('paginates and filters products', async () => {
    const page = (await app.inject({ url: '/demo/store/products?page=2&limit=5' })).json();
    expect(page).toMatchObject({ page: 2, limit: 5 });
    expect(page.items).toHaveLength(5);
    expect(page.items[0].id).toBe(6);
    const mice = (await app.inject({ url: '/demo/store/products?category=mice&limit=100' })).json();
    expect(mice.items.every((p: { categoryId: number }) => p.categoryId === 2)).toBe(true);
    const cheap = (await app.inject({ url: '/demo/store/products?maxPrice=50&limit=100' })).json();
    expect(cheap.items.every((p: { price: number }) => p.price <= 50)).toBe(true);
    expect((await app.inject({ url: '/demo/store/products?q=wireless&limit=100' })).json().total).toBe(5);
    expect((await app.inject({ url: '/demo/store/products/9999' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/demo/store/categories' })).json().items).toHaveLength(5);
  });

  it('serves its own OpenAPI document', async () => {
    const doc = (await app.inject({ url: '/demo/store/openapi.json', headers: { host: 'h:1' } })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0].url).toBe('http://h:1/demo/store');
    expect(Object.keys(doc.paths)).toContain('/products/{id}');
  });
});

describe('demo store inside the app', () => {
  it('is public and parses JSON next to the echo routes', async () => {
    const { createTestApp } = await import('../../test');
    const t = await createTestApp();
    try {
      const login = await t.app.inject({
        method: 'POST',
        url: '/demo/store/login',
        payload: { username: 'demo', password: 'demo' },
      });
      expect(login.statusCode).toBe(200);
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: '/echo/x',
            payload: 'raw',
            headers: { 'content-type': 'text/weird' },
          })
        ).json().body,
      ).toBe('raw');
    } finally {
      await t.close();
    }
  });
});
