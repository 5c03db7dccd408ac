import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { loadConfig } from '../config/env';
import { openDatabase, pgliteDataDir } from '../db/client';
import { loadPgliteTemplate } from '../test/pglite-template';
import { runAdmin } from './run-admin';

// Round trip of `apiplay admin backup` / `restore` through the real app: content is made through the API of an
// embedded installation, backed up, restored into a fresh embedded DATA_DIR (and, with TEST_DATABASE_URL, into
// PostgreSQL and from there back into PGlite), and every GET below must answer the same afterwards — including
// the revealed secret (it must still decrypt) and a history body kept in blob storage.

const testDbUrl = process.env.TEST_DATABASE_URL;
const PASSWORD = 'backup-round-trip-pw-91';
const SECRET = 'sk_backup_secret_value_77';
const dirs: string[] = [];
const dbs: string[] = [];

function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `apiplay-backup-${label}-`));
  dirs.push(dir);
  return dir;
}

function baseEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    HISTORY_BODY_INLINE_MAX: '1kb',
    ...extra,
  };
}

async function admin(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdmin(args, () => loadConfig(env), {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** An installation's app as `main.ts` builds it (keys in DATA_DIR, not ephemeral), listening on loopback. */
async function boot(
  env: Record<string, string>,
  opts: { fromTemplate?: boolean } = {},
): Promise<FastifyInstance> {
  const config = loadConfig(env);
  const database =
    config.databaseUrl === undefined
      ? await openDatabase({
          kind: 'pglite',
          dataDir: pgliteDataDir(config.dataDir),
          ...(opts.fromTemplate ? { loadDataDir: await loadPgliteTemplate() } : {}),
        })
      : await openDatabase({ kind: 'postgres', url: config.databaseUrl, poolMax: 3 });
  const app = await buildApp(config, { database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

async function createPgDatabase(): Promise<string> {
  const name = `apiplay_backup_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: testDbUrl });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  dbs.push(name);
  const url = new URL(testDbUrl ?? '');
  url.pathname = `/${name}`;
  return url.toString();
}

async function login(app: FastifyInstance, email: string): Promise<{ authorization: string }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password: PASSWORD },
  });
  expect(res.statusCode, res.body).toBe(200);
  return { authorization: `Bearer ${res.json().accessToken}` };
}

interface Content {
  email: string;
  urls: string[];
}

/** Users, a team workspace with a member, a collection, an environment with a secret, history and a run. */
async function makeContent(app: FastifyInstance): Promise<Content> {
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const email = 'owner@backup.test';
  const register = async (e: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: e, name: e, password: PASSWORD },
    });
  expect((await register(email)).statusCode).toBe(201);
  expect((await register('member@backup.test')).statusCode).toBe(201);
  const h = await login(app, email);
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  };
  const ws = await call('POST', '/api/workspaces', { name: 'Team' });
  await call('POST', `/api/workspaces/${ws.id}/invitations`, { email: 'member@backup.test', role: 'editor' });
  const env = await call('POST', `/api/workspaces/${ws.id}/environments`, {
    name: 'Prod',
    variables: [
      { key: 'base', value: base },
      { key: 'token', value: SECRET, secret: true },
    ],
  });
  const col = await call('POST', `/api/workspaces/${ws.id}/collections`, {
    name: 'Kept',
    items: [
      {
        type: 'folder',
        id: 'f',
        name: 'Folder',
        items: [{ type: 'request', id: 'r1', name: 'small', url: '{{base}}/echo/get?t={{token}}' }],
      },
      { type: 'request', id: 'r2', name: 'second', url: '{{base}}/echo/get?n=2' },
    ],
  });
  // A Send whose response is over the 1 kb inline cap: its body goes to blob storage.
  await call('POST', '/api/execute', {
    workspaceId: ws.id,
    request: {
      v: 1,
      id: 'big',
      method: 'POST',
      url: `${base}/echo/post`,
      body: { mode: 'raw', raw: 'x'.repeat(5000) },
    },
  });
  const run = await call('POST', `/api/collections/${col.id}/runs`, { environmentId: env.id });
  await app.ctx.jobs.drain();
  await app.ctx.history.flush();
  const history = await call('GET', `/api/workspaces/${ws.id}/history`);
  const stored = history.items.find((i: { bodyStored: boolean }) => i.bodyStored);
  expect(stored, 'a history body in blob storage').toBeDefined();
  return {
    email,
    urls: [
      '/api/auth/me',
      '/api/workspaces',
      `/api/workspaces/${ws.id}/members`,
      `/api/workspaces/${ws.id}/invitations`,
      `/api/workspaces/${ws.id}/collections`,
      `/api/collections/${col.id}`,
      `/api/workspaces/${ws.id}/environments`,
      `/api/environments/${env.id}?reveal=1`,
      `/api/workspaces/${ws.id}/history`,
      `/api/history/${stored.id}/body`,
      `/api/runs/${run.runId}`,
    ],
  };
}

/** What the GETs answer (ports differ between boots: the echo base URL is normalised). */
async function snapshot(app: FastifyInstance, content: Content): Promise<string[]> {
  const h = await login(app, content.email);
  const out: string[] = [];
  for (const url of content.urls) {
    const res = await app.inject({ method: 'GET', url, headers: h });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    out.push(`${url} ${res.body.replace(/127\.0\.0\.1:\d+/g, 'HOST')}`);
  }
  return out;
}

let source: { dataDir: string; env: Record<string, string> };
let content: Content;
let before: string[];
let backupFile: string;
let keys: { jwt: string; secrets: string };

beforeAll(async () => {
  const dataDir = tempDir('source');
  source = { dataDir, env: baseEnv(dataDir) };
  const app = await boot(source.env, { fromTemplate: true });
  try {
    content = await makeContent(app);
    before = await snapshot(app, content);
  } finally {
    await app.close();
  }
  keys = {
    jwt: readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim(),
    secrets: readFileSync(join(dataDir, 'secrets-key'), 'utf8').trim(),
  };
  backupFile = join(tempDir('files'), 'site.apiplay-backup');
  const res = await admin(['backup', backupFile, '--include-keys'], source.env);
  expect(res.code, res.err).toBe(0);
  expect(res.out).toMatch(
    /backup written to .*: \d+ rows in \d+ tables, 1 stored files, with the instance keys/,
  );
}, 120_000);

afterAll(async () => {
  for (const dir of dirs) {
    rmSync(dir, { recursive: true, force: true });
  }
  if (testDbUrl && dbs.length > 0) {
    const c = new pg.Client({ connectionString: testDbUrl });
    await c.connect();
    for (const name of dbs) {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
    await c.end();
  }
});

describe('apiplay admin backup / restore', () => {
  it('writes a private gzip file: secrets sealed, passwords hashed', () => {
    expect(statSync(backupFile).mode & 0o777).toBe(0o600);
    const text = gunzipSync(readFileSync(backupFile)).toString('utf8');
    // Secret variables stay sealed (the environment rows hold only `enc:v1:` values); passwords only as hashes.
    const environmentRows = text.split('\n').filter((l) => l.includes('"table":"environments"'));
    expect(environmentRows.join('\n')).toContain('enc:v1:');
    expect(environmentRows.join('\n')).not.toContain(SECRET);
    expect(text).not.toContain(PASSWORD);
  });

  it('restores into a fresh embedded DATA_DIR: same answers, the secret still decrypts, sign-in works', async () => {
    const dataDir = tempDir('embedded');
    const env = baseEnv(dataDir);
    const res = await admin(['restore', backupFile], env);
    expect(res.code, res.err).toBe(0);
    expect(res.out).toMatch(/restored the backup of .*: \d+ rows, 1 stored files/);
    const app = await boot(env);
    try {
      expect(await snapshot(app, content)).toEqual(before);
      expect(before.find((l) => l.includes('reveal=1'))).toContain(SECRET);
      // Identity sequences continue after the restored rows: new history and audit rows can be written.
      const h = await login(app, content.email);
      const again = await app.inject({ method: 'GET', url: '/api/auth/me/audit', headers: h });
      expect(again.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('refuses a non-empty database without --replace, a wrong SECRETS_KEY and a truncated file, changing nothing', async () => {
    const refused = await admin(['restore', backupFile], source.env);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/already holds data: pass --replace/);

    const wrongKey = await admin(
      ['restore', backupFile],
      baseEnv(tempDir('wrong-key'), { SECRETS_KEY: 'ab'.repeat(32) }),
    );
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.err).toMatch(/SECRETS_KEY: the backup was made with a different secrets key/);

    const lines = gunzipSync(readFileSync(backupFile)).toString('utf8').split('\n');
    const truncated = join(tempDir('truncated'), 'cut.gz');
    writeFileSync(truncated, gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n')));
    const cut = await admin(['restore', truncated, '--replace'], source.env);
    expect(cut.code).toBe(1);
    expect(cut.err).toMatch(/incomplete/);

    const notBackup = join(tempDir('foreign'), 'x.gz');
    writeFileSync(notBackup, 'not gzip at all');
    expect((await admin(['restore', notBackup], source.env)).err).toMatch(/cannot be read/);

    const app = await boot(source.env);
    try {
      expect(await snapshot(app, content)).toEqual(before);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('--replace overwrites an installation with the backup (later changes are gone)', async () => {
    const app = await boot(source.env);
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/register',
        payload: { email: 'late@backup.test', name: 'Late', password: PASSWORD },
      });
      expect(res.statusCode).toBe(201);
    } finally {
      await app.close();
    }
    const res = await admin(['restore', backupFile, '--replace'], source.env);
    expect(res.code, res.err).toBe(0);
    const restored = await boot(source.env);
    try {
      expect(await snapshot(restored, content)).toEqual(before);
      const late = await restored.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'late@backup.test', password: PASSWORD },
      });
      expect(late.statusCode).toBe(401);
    } finally {
      await restored.close();
    }
  }, 120_000);

  it('usage errors exit 2 and name the problem', async () => {
    expect(await admin(['backup'], source.env)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/missing <file>/),
    });
    const nowhere = await admin(
      ['backup', join(tempDir('none'), 'x.gz')],
      baseEnv(join(tempDir('none'), 'missing')),
    );
    expect(nowhere).toMatchObject({ code: 1, err: expect.stringMatching(/DATA_DIR: no embedded database/) });
    expect(await admin(['restore', 'a', 'b'], source.env)).toMatchObject({ code: 2 });
    expect(await admin(['restore', 'a', '--force'], source.env)).toMatchObject({ code: 2 });
    expect(await admin(['nope'], source.env)).toMatchObject({ code: 2 });
    expect((await admin(['--help'], source.env)).out).toMatch(/backup .*\n\s+restore/);
  });

  it.skipIf(!testDbUrl)(
    'moves between modes: PGlite → PostgreSQL → PGlite, secrets intact',
    async () => {
      const serverEnv = {
        ...baseEnv(tempDir('pg')),
        DATABASE_URL: await createPgDatabase(),
        JWT_SECRET: keys.jwt,
        SECRETS_KEY: keys.secrets,
        EXECUTION_ALLOWED_HOSTS: '127.0.0.1',
      };
      const res = await admin(['restore', backupFile], serverEnv);
      expect(res.code, res.err).toBe(0);
      const app = await boot(serverEnv);
      try {
        expect(await snapshot(app, content)).toEqual(before);
      } finally {
        await app.close();
      }
      const second = join(tempDir('files2'), 'from-pg.gz');
      expect((await admin(['backup', second], serverEnv)).code).toBe(0);
      const backEnv = baseEnv(tempDir('back'), { SECRETS_KEY: keys.secrets, JWT_SECRET: keys.jwt });
      const back = await admin(['restore', second], backEnv);
      expect(back.code, back.err).toBe(0);
      const embedded = await boot(backEnv);
      try {
        expect(await snapshot(embedded, content)).toEqual(before);
      } finally {
        await embedded.close();
      }
    },
    180_000,
  );
});
