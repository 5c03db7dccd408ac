import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, isolatedStores } from './spawn-built';

/**
 * Issue 15 item 1: `npm run package` makes a release that runs on its own. The release is built once for this file,
 * unpacked from its tarball into a clean temporary folder (no repository above it, no dev dependencies) and started
 * there in both modes, up to /readyz.
 */
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dbUrl = process.env.TEST_DATABASE_URL ?? '';
const redisUrl = process.env.TEST_REDIS_URL ?? '';

let outDir = '';
let cleanDir = '';
let release = '';
const procs: ChildProcess[] = [];

/** Runs a release file with a bare environment: nothing from the repository or this test process leaks in. */
function startFromRelease(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, args, {
    cwd: release,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cleanDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (d: Buffer) => {
    output = (output + String(d)).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  procs.push(child);
  return { child, output: () => output };
}

async function readyz(
  base: string,
  child: ChildProcess,
  output: () => string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  let last = { status: 0, body: {} as Record<string, unknown> };
  for (let i = 0; i < 600; i += 1) {
    if (child.exitCode !== null) {
      throw new Error(`exited with ${child.exitCode}:\n${output()}`);
    }
    try {
      const res = await fetch(`${base}/readyz`);
      last = { status: res.status, body: (await res.json()) as Record<string, unknown> };
      if (res.status === 200) {
        return last;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${base} never became ready: ${JSON.stringify(last)}\n${output()}`);
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) {
    return child.exitCode;
  }
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  return exited;
}

describe('npm run package → a release that runs from a clean folder', () => {
  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), 'apiplay-package-'));
    execFileSync(process.execPath, [join(repo, 'scripts', 'package.mjs'), '--out', outDir, '--reuse-web'], {
      cwd: repo,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tarball = readdirSync(outDir).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    cleanDir = mkdtempSync(join(tmpdir(), 'apiplay-release-'));
    execFileSync('tar', ['-xzf', join(outDir, tarball ?? ''), '-C', cleanDir]);
    const [folder] = readdirSync(cleanDir);
    release = join(cleanDir, folder ?? '');
  }, 300_000);

  afterAll(async () => {
    for (const p of procs) {
      p.kill('SIGKILL');
    }
    for (const dir of [outDir, cleanDir]) {
      if (dir) {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('holds the built server, worker, CLI and web UI with production dependencies only', () => {
    for (const file of [
      'package.json',
      'apps/server/dist/main.js',
      'apps/server/dist/worker.js',
      'apps/server/dist/admin.js',
      'apps/server/dist/migrations',
      'apps/web/dist/index.html',
      'apps/cli/bin/apiplay.js',
      'apps/cli/dist/apiplay.js',
      // the sandbox's libraries, prebuilt by each build (bundled ones exist nowhere else in the release)
      'apps/server/dist/sandbox/xml2js.js',
      'apps/cli/dist/sandbox/cheerio.js',
      'node_modules/@electric-sql/pglite',
      'node_modules/@node-rs/argon2',
    ]) {
      expect(existsSync(join(release, file)), file).toBe(true);
    }
    for (const dev of [
      'vitest',
      'esbuild',
      'typescript',
      'tsx',
      'drizzle-kit',
      '@biomejs',
      'fastify',
      'react',
      '@apiplay',
    ]) {
      expect(existsSync(join(release, 'node_modules', dev)), dev).toBe(false);
    }
    expect(existsSync(join(release, 'packages'))).toBe(false);
    expect(existsSync(join(release, 'apps/server/src'))).toBe(false);
    const version = execFileSync(process.execPath, ['apps/cli/bin/apiplay.js', '--version'], {
      cwd: release,
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(String(version).trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('embedded mode: ready on PGlite, serves the UI, signs up and runs a scripted request', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const { child, output } = startFromRelease(['apps/server/dist/main.js'], {
      PORT: String(port),
      DATA_DIR: join(cleanDir, 'data'),
    });
    const ready = await readyz(base, child, output);
    expect(ready.body).toMatchObject({
      status: 'ready',
      checks: { database: { ok: true }, queue: { ok: true }, storage: { ok: true } },
    });
    const ui = await fetch(`${base}/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('<div id="root">');
    expect((await fetch(`${base}/docs/`)).status).toBe(200);

    const reg = await fetch(`${base}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'release@example.test', password: 'Release-Passw0rd!', name: 'Rel' }),
    });
    expect(reg.status).toBe(201);
    const { accessToken } = (await reg.json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    const workspaces = (await (await fetch(`${base}/api/workspaces`, { headers: auth })).json()) as {
      items: { id: string }[];
    };
    // QuickJS, its wasm and the sandbox's libraries (lodash, chai for `members`, the bundled xml2js and Buffer)
    // load from the release.
    const exec = await fetch(`${base}/api/execute`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        workspaceId: workspaces.items[0]?.id,
        request: {
          v: 1,
          id: 'release',
          method: 'GET',
          url: `${base}/echo/release`,
          scripts: {
            preRequest: '',
            test: [
              "const _ = require('lodash');",
              'pm.test("status", () => pm.response.to.have.status(200));',
              'pm.test("lodash", () => pm.expect(_.sum([1, 2])).to.equal(3));',
              'pm.test("chai", () => pm.expect([1, 2]).to.have.members([2, 1]));',
              "require('xml2js').parseString('<a>1</a>', (e, r) => pm.test('xml2js', () => pm.expect(r.a).to.equal('1')));",
              "pm.test('Buffer', () => pm.expect(Buffer.from('hi').toString('hex')).to.equal('6869'));",
            ].join('\n'),
          },
        },
      }),
    });
    const text = await exec.text();
    expect(exec.status, text).toBe(200);
    const { execution } = JSON.parse(text) as {
      execution: { assertions: { name: string; passed: boolean }[] };
    };
    expect(execution.assertions.map((a) => [a.name, a.passed])).toEqual([
      ['status', true],
      ['lodash', true],
      ['chai', true],
      ['xml2js', true],
      ['Buffer', true],
    ]);
    expect(await stop(child)).toBe(0);

    // `apiplay admin` from the release: back the stopped installation up and restore it into a fresh DATA_DIR
    // (with its generated keys), then boot that with tracing and error reporting on (their lazily loaded chunks
    // come from the release too) and sign in as the same user.
    const admin = (args: string[], dataDir: string) =>
      execFileSync(process.execPath, ['apps/cli/bin/apiplay.js', 'admin', ...args], {
        cwd: release,
        env: { PATH: process.env.PATH ?? '', HOME: cleanDir, DATA_DIR: dataDir },
      }).toString();
    const file = join(cleanDir, 'site.backup.gz');
    expect(admin(['backup', file, '--include-keys'], join(cleanDir, 'data'))).toMatch(/backup written/);
    expect(admin(['restore', file], join(cleanDir, 'restored'))).toMatch(/restored the backup/);
    const port2 = await freePort();
    const restored = startFromRelease(['apps/server/dist/main.js'], {
      PORT: String(port2),
      DATA_DIR: join(cleanDir, 'restored'),
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
      SENTRY_DSN: `http://0123456789abcdef0123456789abcdef@127.0.0.1:${await freePort()}/1`,
    });
    await readyz(`http://127.0.0.1:${port2}`, restored.child, restored.output);
    const login = await fetch(`http://127.0.0.1:${port2}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'release@example.test', password: 'Release-Passw0rd!' }),
    });
    expect(login.status).toBe(200);
    expect(await stop(restored.child)).toBe(0);
  }, 180_000);

  describe.skipIf(!dbUrl || !redisUrl)('server mode (needs TEST_DATABASE_URL and TEST_REDIS_URL)', () => {
    let dropDb: (() => Promise<void>) | undefined;
    afterAll(async () => {
      await dropDb?.();
    });

    it('ready on PostgreSQL + Redis with a worker started through `apiplay worker`', async () => {
      const stores = await isolatedStores(dbUrl, redisUrl, 'apiplay_release');
      dropDb = stores.drop;
      const env = {
        DATABASE_URL: stores.databaseUrl,
        REDIS_URL: stores.redisUrl,
        JWT_SECRET: randomBytes(32).toString('hex'),
        SECRETS_KEY: randomBytes(32).toString('hex'),
        DATA_DIR: join(cleanDir, 'server-data'),
        HOST: '127.0.0.1',
      };
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const server = startFromRelease(['apps/server/dist/main.js'], { ...env, PORT: String(port) });
      const worker = startFromRelease(['apps/cli/bin/apiplay.js', 'worker'], env);
      const ready = await readyz(base, server.child, () => `${server.output()}\n[worker] ${worker.output()}`);
      expect(ready.body).toEqual({
        status: 'ready',
        checks: {
          database: { ok: true },
          redis: { ok: true },
          queue: { ok: true },
          storage: { ok: true },
        },
        failed: [],
      });
      expect(await stop(worker.child)).toBe(0);
      expect(await stop(server.child)).toBe(0);
    }, 120_000);
  });
});
