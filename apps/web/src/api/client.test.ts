// @vitest-environment node
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { createApiClient, type TokenPair } from './client';

/**
 * A tiny loopback API: `/api/me` wants the current access token, `/api/auth/refresh` rotates tokens in cookie
 * mode (the browser sends the HttpOnly cookie; here the server only insists on the cookie-mode header and that
 * no refresh token travels in the body).
 */
function startServer(opts: { refreshOk: boolean; refreshDelayMs?: number }) {
  const state = { access: 'a1', refresh: 'r1', refreshCalls: 0, meCalls: 0 };
  const readJson = (req: IncomingMessage) =>
    new Promise<Record<string, string>>((resolve) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => resolve(body ? JSON.parse(body) : {}));
    });
  const server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/api/auth/refresh') {
      state.refreshCalls++;
      const body = await readJson(req);
      await new Promise((r) => setTimeout(r, opts.refreshDelayMs ?? 0));
      if (!opts.refreshOk || req.headers['x-refresh-cookie'] !== '1' || body.refreshToken !== undefined) {
        send(401, { error: { code: 'UNAUTHORIZED', message: 'refresh token revoked' } });
        return;
      }
      state.access = `a${state.refreshCalls + 1}`;
      state.refresh = `r${state.refreshCalls + 1}`;
      send(200, { accessToken: state.access, expiresIn: 900 });
      return;
    }
    if (req.url === '/api/me') {
      state.meCalls++;
      if (req.headers.authorization !== `Bearer ${state.access}`) {
        send(401, { error: { code: 'UNAUTHORIZED', message: 'token expired' } });
        return;
      }
      send(200, { ok: true, token: state.access });
      return;
    }
    if (req.url === '/api/broken') {
      send(409, { error: { code: 'CONFLICT', message: 'Name already taken' } });
      return;
    }
    res.writeHead(404).end();
  });
  return { server, state };
}

let server: Server;
let base: string;

async function listen(s: Server): Promise<string> {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

function makeClient(initial: TokenPair | null) {
  let tokens: TokenPair | null = initial;
  const events = { lost: 0, errors: [] as ApiError[] };
  const client = createApiClient({
    baseUrl: base,
    getTokens: () => tokens,
    setTokens: (t) => {
      tokens = t;
    },
    onAuthLost: () => {
      events.lost++;
      tokens = null;
    },
    onError: (e) => events.errors.push(e),
  });
  return { client, events, tokens: () => tokens };
}

describe('api client', () => {
  let state: ReturnType<typeof startServer>['state'];

  describe('with a working refresh', () => {
    beforeEach(async () => {
      const s = startServer({ refreshOk: true, refreshDelayMs: 30 });
      server = s.server;
      state = s.state;
      base = await listen(server);
    });
    afterEach(() => new Promise<void>((r) => server.close(() => r())));

    it('attaches the access token', async () => {
      const { client } = makeClient({ accessToken: 'a1' });
      await expect(client.get('/api/me')).resolves.toEqual({ ok: true, token: 'a1' });
      expect(state.refreshCalls).toBe(0);
    });

    it('refreshes once for many concurrent 401s and retries each request', async () => {
      state.access = 'a-server-rotated';
      const { client, tokens, events } = makeClient({ accessToken: 'stale' });
      const results = await Promise.all([
        client.get('/api/me'),
        client.get('/api/me'),
        client.get('/api/me'),
      ]);
      expect(state.refreshCalls).toBe(1);
      expect(results).toEqual([
        { ok: true, token: 'a2' },
        { ok: true, token: 'a2' },
        { ok: true, token: 'a2' },
      ]);
      expect(tokens()).toEqual({ accessToken: 'a2' });
      expect(events.lost).toBe(0);
    });

    it('restores a session with no access token from the refresh cookie (a reload)', async () => {
      const { client, tokens } = makeClient(null);
      await expect(client.refresh()).resolves.toBe(true);
      expect(tokens()).toEqual({ accessToken: 'a2' });
      await expect(client.get('/api/me')).resolves.toEqual({ ok: true, token: 'a2' });
    });

    it('turns error bodies into ApiError with the server message and reports them', async () => {
      const { client, events } = makeClient({ accessToken: 'a1' });
      const err = await client.get('/api/broken').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect(err).toMatchObject({ code: 'CONFLICT', status: 409, message: 'Name already taken' });
      expect(events.errors.map((e) => e.message)).toEqual(['Name already taken']);
    });

    it('does not report silent failures', async () => {
      const { client, events } = makeClient({ accessToken: 'a1' });
      await client.get('/api/broken', { silent: true }).catch(() => undefined);
      expect(events.errors).toHaveLength(0);
    });
  });

  describe('when the refresh token is rejected', () => {
    beforeEach(async () => {
      const s = startServer({ refreshOk: false });
      server = s.server;
      state = s.state;
      base = await listen(server);
    });
    afterEach(() => new Promise<void>((r) => server.close(() => r())));

    it('signs out once and fails the requests without retry loops', async () => {
      const { client, events, tokens } = makeClient({ accessToken: 'stale' });
      const errs = await Promise.all([
        client.get('/api/me').catch((e: unknown) => e),
        client.get('/api/me').catch((e: unknown) => e),
      ]);
      expect(errs.every((e) => e instanceof ApiError && e.code === 'SESSION_EXPIRED')).toBe(true);
      expect(state.refreshCalls).toBe(1);
      expect(events.lost).toBeGreaterThanOrEqual(1);
      expect(tokens()).toBeNull();
      expect(state.meCalls).toBe(2);
      // Session loss is not an error toast: sign-in says why.
      expect(events.errors).toHaveLength(0);
    });
  });
});
