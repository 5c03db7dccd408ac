import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '@apiplay/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { buildEchoPayload, parseCookieHeader } from './echo-payload';
import { checkResponseHeader, registerTargetHeaders } from './target-headers';

/** Upper bounds keep the offline target from being turned into a resource sink. */
export const ECHO_LIMITS = {
  maxDelayMs: 10_000,
  maxRedirects: 20,
  maxBytes: 64 * 1024 * 1024,
  bodyLimit: 10 * 1024 * 1024,
};

function intParam(value: string, name: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new AppError('BAD_REQUEST', `${name} must be an integer between ${min} and ${max}`);
  }
  return n;
}

type Params = Record<string, string>;

async function echo(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const body = Buffer.isBuffer(request.body) ? request.body : undefined;
  return reply.code(200).send(await buildEchoPayload(request, body));
}

function unauthorized(reply: FastifyReply, challenge: string): FastifyReply {
  return reply.code(401).header('www-authenticate', challenge).send({ authenticated: false });
}

/**
 * Built-in echo target (no auth, any content type) so users and tests have an offline server to call.
 * Registered under `/echo`.
 */
export async function echoRoutes(app: FastifyInstance): Promise<void> {
  registerTargetHeaders(app);
  // Cookies the echo sets are scoped to the echo's own path: they never reach the app's routes (or shadow the
  // app's own cookies, e.g. the refresh cookie on /api/auth).
  const cookiePath = app.prefix === '' ? '/' : app.prefix;
  // Every body is read as raw bytes in this plugin only, so the echo shows exactly what was sent.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: ECHO_LIMITS.bodyLimit },
    (_req, body, done) => {
      done(null, body);
    },
  );

  app.all('/', echo);
  app.all('/*', echo);

  app.all('/status/:code', async (request, reply) => {
    const code = intParam((request.params as Params).code ?? '', 'code', 200, 599);
    const noBody = code === 204 || code === 304;
    return reply.code(code).send(noBody ? undefined : { status: code });
  });

  app.all('/delay/:ms', async (request, reply) => {
    const ms = intParam((request.params as Params).ms ?? '', 'ms', 0, ECHO_LIMITS.maxDelayMs);
    await sleep(ms);
    return echo(request, reply);
  });

  app.all('/redirect/:n', async (request, reply) => {
    const n = intParam((request.params as Params).n ?? '', 'n', 0, ECHO_LIMITS.maxRedirects);
    if (n === 0) {
      return echo(request, reply);
    }
    const status = Number((request.query as Params).status ?? 302);
    const code = [301, 302, 303, 307, 308].includes(status) ? status : 302;
    return reply
      .code(code)
      .header('location', `${n - 1}`)
      .send();
  });

  app.get('/cookies', async (request) => ({ cookies: parseCookieHeader(request.headers.cookie) }));
  app.get('/cookies/set', async (request, reply) => {
    const set = request.query as Params;
    for (const [name, value] of Object.entries(set)) {
      reply.header(
        'set-cookie',
        `${encodeURIComponent(name)}=${encodeURIComponent(value)}; Path=${cookiePath}; SameSite=Lax`,
      );
    }
    return { cookies: { ...parseCookieHeader(request.headers.cookie), ...set } };
  });
  app.get('/cookies/delete', async (request, reply) => {
    const names = Object.keys(request.query as Params);
    for (const name of names) {
      reply.header('set-cookie', `${encodeURIComponent(name)}=; Path=${cookiePath}; Max-Age=0`);
    }
    const cookies = parseCookieHeader(request.headers.cookie);
    return { cookies: Object.fromEntries(Object.entries(cookies).filter(([k]) => !names.includes(k))) };
  });

  app.all('/basic-auth/:user/:pass', async (request, reply) => {
    const { user, pass } = request.params as Params;
    const header = request.headers.authorization ?? '';
    const match = /^Basic\s+(.+)$/i.exec(header);
    const decoded = match?.[1] ? Buffer.from(match[1], 'base64').toString('utf8') : '';
    if (decoded !== `${user}:${pass}`) {
      return unauthorized(reply, 'Basic realm="echo"');
    }
    return { authenticated: true, user };
  });

  app.all('/bearer', async (request, reply) => {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match?.[1]) {
      return unauthorized(reply, 'Bearer');
    }
    return { authenticated: true, token: match[1] };
  });

  // Only the documented safe set (target-headers.ts): a crafted link must not turn this into a page of the app.
  app.all('/response-headers', async (request, reply) => {
    const query = request.query as Record<string, string | string[]>;
    const entries = Object.entries(query).map(([name, value]) => {
      const values = Array.isArray(value) ? value : [value];
      checkResponseHeader(name, values);
      return [name, values] as const;
    });
    for (const [name, values] of entries) {
      reply.header(name, values.length === 1 ? values[0] : values);
    }
    if (!reply.hasHeader('content-type')) {
      reply.header('content-type', 'application/json; charset=utf-8');
    }
    // Serialized here: the body is JSON whatever (allowed) type the caller asked for.
    return reply.send(JSON.stringify(query));
  });

  app.get('/bytes/:n', async (request, reply) => {
    const total = intParam((request.params as Params).n ?? '', 'n', 0, ECHO_LIMITS.maxBytes);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    // Streamed so large bodies (size-cap and history-overflow tests) never sit in memory.
    async function* generate(): AsyncGenerator<Buffer> {
      for (let sent = 0; sent < total; sent += chunk.length) {
        yield chunk.subarray(0, Math.min(chunk.length, total - sent));
      }
    }
    return reply
      .header('content-type', 'text/plain')
      .header('content-length', total)
      .send(Readable.from(generate()));
  });
}
