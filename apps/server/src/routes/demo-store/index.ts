import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { jwtVerify, SignJWT } from 'jose';
import { registerTargetHeaders } from '../echo/target-headers';
import { categories, type DemoProduct, initialProducts } from './data';
import { demoStoreOpenApi } from './openapi';

type Query = Record<string, string | undefined>;
const MAX_PRODUCTS = 1000;

function num(value: string | undefined, fallback: number, min: number, max: number): number {
  const n = Number(value);
  return Number.isFinite(n) && value !== undefined && value !== ''
    ? Math.min(max, Math.max(min, n))
    : fallback;
}

/**
 * A small store API for trying things offline (registered under `/demo/store`): login → JWT, categories,
 * products with pagination and filters, product creation with the token, and its own OpenAPI document.
 */
export async function demoStoreRoutes(app: FastifyInstance): Promise<void> {
  registerTargetHeaders(app);
  // A per-process key: demo tokens are meaningless outside this process and never grant access to the app.
  const key = randomBytes(32);
  const products: DemoProduct[] = initialProducts();

  async function requireToken(request: FastifyRequest, reply: FastifyReply): Promise<string | null> {
    const m = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    try {
      if (m?.[1]) {
        const { payload } = await jwtVerify(m[1], key, { issuer: 'demo-store' });
        return String(payload.sub);
      }
    } catch {
      // fall through to 401
    }
    await reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'missing or invalid token' });
    return null;
  }

  app.post('/login', async (request, reply) => {
    const body = (request.body ?? {}) as { username?: unknown; password?: unknown };
    if (body.username !== 'demo' || body.password !== 'demo') {
      return reply.code(401).send({ error: 'use username "demo" and password "demo"' });
    }
    const token = await new SignJWT({ name: 'Demo User' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('demo')
      .setIssuer('demo-store')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);
    return { token, tokenType: 'Bearer', expiresIn: 3600 };
  });

  app.get('/me', async (request, reply) => {
    const user = await requireToken(request, reply);
    return user === null ? reply : { username: user, name: 'Demo User' };
  });

  app.get('/categories', async () => ({ items: categories }));

  app.get('/products', async (request) => {
    const q = request.query as Query;
    const page = num(q.page, 1, 1, 10_000);
    const limit = num(q.limit, 10, 1, 100);
    const category = q.category
      ? categories.find((c) => c.slug === q.category || String(c.id) === q.category)
      : undefined;
    const text = q.q?.toLowerCase();
    const min = num(q.minPrice, 0, 0, Number.MAX_SAFE_INTEGER);
    const max = num(q.maxPrice, Number.MAX_SAFE_INTEGER, 0, Number.MAX_SAFE_INTEGER);
    const matching = products.filter(
      (p) =>
        (!q.category || p.categoryId === category?.id) &&
        (!text || p.name.toLowerCase().includes(text)) &&
        p.price >= min &&
        p.price <= max,
    );
    return {
      items: matching.slice((page - 1) * limit, page * limit),
      page,
      limit,
      total: matching.length,
      pages: Math.ceil(matching.length / limit),
    };
  });

  app.get('/products/:id', async (request, reply) => {
    const id = Number((request.params as { id: string }).id);
    const product = products.find((p) => p.id === id);
    return product ?? reply.code(404).send({ error: 'product not found' });
  });

  app.post('/products', async (request, reply) => {
    if ((await requireToken(request, reply)) === null) {
      return reply;
    }
    const body = (request.body ?? {}) as Partial<DemoProduct>;
    if (
      typeof body.name !== 'string' ||
      !categories.some((c) => c.id === body.categoryId) ||
      typeof body.price !== 'number'
    ) {
      return reply
        .code(400)
        .send({ error: 'name (string), categoryId (1-5) and price (number) are required' });
    }
    if (products.length >= MAX_PRODUCTS) {
      return reply.code(507).send({ error: 'the demo store is full' });
    }
    const product: DemoProduct = {
      id: Math.max(...products.map((p) => p.id)) + 1,
      name: body.name.slice(0, 200),
      categoryId: body.categoryId ?? 1,
      price: body.price,
      stock: typeof body.stock === 'number' ? body.stock : 0,
      tags: [],
    };
    products.push(product);
    return reply.code(201).send(product);
  });

  app.get('/openapi.json', async (request) =>
    demoStoreOpenApi(`${request.protocol}://${request.headers.host ?? 'localhost'}/demo/store`),
  );
}
