import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userIdentities, users } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test';
import { CookieJar, followProvider } from '../../test/sso-flow';

const PUBLIC_URL = 'http://app.test';

/**
 * GitHub's OAuth web flow and the two API calls we make, as GitHub documents them (authorize → code; POST
 * /login/oauth/access_token with the client secret and PKCE verifier → JSON token; GET /api/v3/user and
 * /api/v3/user/emails as on GitHub Enterprise Server). GitHub itself cannot run on loopback; this peer checks what
 * GitHub checks: client credentials, redirect URI, PKCE, single-use codes.
 */
function startGitHub(emails: Array<{ email: string; primary: boolean; verified: boolean }>) {
  const codes = new Map<string, { challenge: string; redirect: string }>();
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://gh');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/login/oauth/authorize') {
      const code = `code-${codes.size}`;
      codes.set(code, {
        challenge: url.searchParams.get('code_challenge') ?? '',
        redirect: url.searchParams.get('redirect_uri') ?? '',
      });
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: back.toString() });
      res.end();
      return;
    }
    if (url.pathname === '/login/oauth/access_token' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) {
        body += String(chunk);
      }
      const form = new URLSearchParams(body);
      const basic = Buffer.from(
        (req.headers.authorization ?? '').replace(/^Basic /, ''),
        'base64',
      ).toString();
      const [id, secret] = basic.includes(':')
        ? basic.split(':')
        : [form.get('client_id'), form.get('client_secret')];
      const grant = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (
        id !== 'gh-client' ||
        secret !== 'gh-secret' ||
        grant === undefined ||
        grant.challenge !== challenge
      ) {
        json(200, { error: 'bad_verification_code' });
        return;
      }
      json(200, { access_token: 'gho_token', token_type: 'bearer', scope: 'read:user,user:email' });
      return;
    }
    if (req.headers.authorization !== 'Bearer gho_token') {
      json(401, { message: 'Bad credentials' });
      return;
    }
    if (url.pathname === '/api/v3/user') {
      json(200, { id: 4242, login: 'octo', name: 'Octo Cat' });
      return;
    }
    if (url.pathname === '/api/v3/user/emails') {
      json(200, emails);
      return;
    }
    json(404, { message: 'Not Found' });
  });
  return new Promise<{ base: string; server: Server }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }),
    ),
  );
}

describe('GitHub sign-in preset', () => {
  let gh: { base: string; server: Server };
  let t: TestApp;
  beforeAll(async () => {
    gh = await startGitHub([
      { email: 'octo@users.noreply.github.test', primary: false, verified: true },
      { email: 'Octo@Example.test', primary: true, verified: true },
    ]);
    t = await createTestApp({
      env: {
        PUBLIC_URL,
        GITHUB_CLIENT_ID: 'gh-client',
        GITHUB_CLIENT_SECRET: 'gh-secret',
        GITHUB_BASE_URL: gh.base,
      },
    });
  });
  afterAll(async () => {
    await t.close();
    gh.server.close();
  });

  it('offers GitHub and signs in with the primary verified email', async () => {
    const options = await t.app.inject({ method: 'GET', url: '/api/auth/options' });
    expect(options.json().providers).toEqual([{ id: 'github', name: 'GitHub' }]);
    const jar = new CookieJar();
    const start = await t.app.inject({ method: 'GET', url: '/api/auth/sso/github/start' });
    jar.take(start.headers['set-cookie']);
    const location = new URL(String(start.headers.location));
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('scope')).toBe('read:user user:email');
    const back = await followProvider(location.toString(), jar, PUBLIC_URL);
    const res = await t.app.inject({
      method: 'GET',
      url: `${back.pathname}${back.search}`,
      headers: { cookie: jar.header() },
    });
    expect(res.statusCode, res.body).toBe(302);
    const [user] = await t.ctx.db.select().from(users).where(eq(users.email, 'octo@example.test'));
    expect(user?.name).toBe('Octo Cat');
    const [link] = await t.ctx.db
      .select()
      .from(userIdentities)
      .where(eq(userIdentities.userId, user?.id ?? ''));
    expect(link).toMatchObject({ provider: 'github', subject: '4242' });
    // The code was single-use at GitHub: replaying the callback is refused before reaching it.
    const replay = await t.app.inject({
      method: 'GET',
      url: `${back.pathname}${back.search}`,
      headers: { cookie: jar.header() },
    });
    expect(replay.statusCode).toBe(400);
  });
});
