import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, configVariables, loadConfig } from './env';

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('loadConfig', () => {
  it('has laptop defaults: port 8080, embedded PGlite under ./data', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.embedded).toBe(true);
    expect(c.dataDir.endsWith('data')).toBe(true);
    expect(c.execution.allowPrivate).toBe(true);
    expect(c.importMaxBytes).toBe(20 * 1024 * 1024);
    expect(c.bodyLimit).toBe(1024 * 1024);
  });

  it('parses sizes, lists and booleans; blank values count as unset', () => {
    const c = loadConfig({
      BODY_LIMIT: '512kb',
      CORS_ORIGINS: 'http://a, http://b',
      TRUST_PROXY: 'true',
      PORT: '',
    });
    expect(c.bodyLimit).toBe(512 * 1024);
    expect(c.corsOrigins).toEqual(['http://a', 'http://b']);
    expect(c.trustProxy).toBe(true);
    expect(c.port).toBe(8080);
  });

  it('runs scripts in one worker per core by default, two at a time per user; SCRIPT_WORKERS=0 keeps them here', () => {
    expect(loadConfig({}).scripts).toEqual({ workers: availableParallelism(), perUser: 2 });
    expect(loadConfig({ SCRIPT_WORKERS: '0', SCRIPT_CONCURRENCY_PER_USER: '5' }).scripts).toEqual({
      workers: 0,
      perUser: 5,
    });
    expect(() => loadConfig({ SCRIPT_WORKERS: '-1' })).toThrow(/SCRIPT_WORKERS/);
    expect(() => loadConfig({ SCRIPT_CONCURRENCY_PER_USER: '0' })).toThrow(/SCRIPT_CONCURRENCY_PER_USER/);
  });

  it('TRUST_PROXY is a boolean or a list of proxy addresses/CIDRs', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'no' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'nginx' })).toThrow(/TRUST_PROXY: .*"nginx"/);
  });

  it('server mode requires shared secrets and denies private targets by default', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u@h/db',
      JWT_SECRET: 'x'.repeat(32),
      SECRETS_KEY: 'a'.repeat(64),
    });
    expect(c.embedded).toBe(false);
    expect(c.execution.allowPrivate).toBe(false);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db' })).toThrow(ConfigError);
  });

  it('reports every problem at once', () => {
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', BODY_LIMIT: 'huge' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      for (const key of ['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'BODY_LIMIT']) {
        expect(problems).toContain(key);
      }
    }
  });
});

describe('.env.example', () => {
  const text = readFileSync(join(serverDir, '..', '..', '.env.example'), 'utf8');

  it('documents every variable', () => {
    const missing = configVariables.filter((v) => !new RegExp(`^#? ?${v}=`, 'm').test(text));
    expect(missing).toEqual([]);
  });

  it('is itself a valid configuration', () => {
    const env: Record<string, string> = {};
    for (const line of text.split('\n')) {
      const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
      if (m?.[1] !== undefined) {
        env[m[1]] = m[2] ?? '';
      }
    }
    expect(Object.keys(env).length).toBeGreaterThan(10);
    expect(() => loadConfig(env)).not.toThrow();
  });
});

describe('boot with a bad config', () => {
  it('prints every problem and exits 1', () => {
    const res = spawnSync(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', join('src', 'main.ts')],
      {
        cwd: serverDir,
        env: { PATH: process.env.PATH, PORT: 'not-a-port', LOG_LEVEL: 'shouty', REDIS_URL: 'http://nope' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('Invalid configuration');
    expect(res.stderr).toContain('PORT');
    expect(res.stderr).toContain('LOG_LEVEL');
    expect(res.stderr).toContain('REDIS_URL');
  });
});
