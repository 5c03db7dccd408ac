import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configVariables, loadConfig } from '../src/config/env';

/**
 * Issue 15 item 1: deploy/docker-compose.yml and the Dockerfile are checked statically here (there is no Docker
 * daemon on this machine, so neither is built or started by the tests; the release the image copies is tested by
 * package-release.test.ts and the nginx config by nginx-deploy.test.ts).
 */
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const read = (path: string) => readFileSync(join(repo, path), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  env_file?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const compose = parse(read('deploy/docker-compose.yml'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const appServices = ['app1', 'app2', 'worker'];

/** KEY=value lines of an env file, comments and blanks skipped. */
function envFileKeys(path: string): string[] {
  return read(path)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split('=')[0] ?? '');
}

describe('deploy/docker-compose.yml', () => {
  it('has PostgreSQL, Redis, two app servers, one worker and nginx', () => {
    expect(Object.keys(services).sort()).toEqual(['app1', 'app2', 'nginx', 'postgres', 'redis', 'worker']);
    expect(services.worker?.command).toEqual(['node', 'apps/server/dist/worker.js']);
    expect(services.app1?.command).toBeUndefined();
  });

  it('every service has an image or a build, and a healthcheck', () => {
    for (const [name, s] of Object.entries(services)) {
      expect(s.image !== undefined || s.build !== undefined, `${name}: image or build`).toBe(true);
      expect(s.healthcheck?.test.length ?? 0, `${name}: healthcheck`).toBeGreaterThan(1);
    }
    for (const name of appServices) {
      expect(services[name]?.build, name).toMatchObject({ context: '..', dockerfile: 'Dockerfile' });
    }
    expect(services.app1?.healthcheck?.test.join(' ')).toContain('/healthz');
    expect(services.nginx?.healthcheck?.test.join(' ')).toContain('/healthz');
    // the worker's check reads the heartbeat key the worker renews (infra/worker-heartbeat.ts, prefix apiplay:)
    expect(services.worker?.healthcheck?.test.join(' ')).toContain("'apiplay:worker-heartbeat'");
  });

  it('waits for healthy dependencies: apps on PostgreSQL and Redis, nginx on both app servers', () => {
    for (const name of appServices) {
      expect(services[name]?.depends_on, name).toEqual({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    }
    expect(services.nginx?.depends_on).toEqual({
      app1: { condition: 'service_healthy' },
      app2: { condition: 'service_healthy' },
    });
    for (const [name, s] of Object.entries(services)) {
      for (const dep of Object.keys(s.depends_on ?? {})) {
        expect(services[dep]?.healthcheck, `${name} → ${dep}`).toBeDefined();
      }
    }
  });

  it('sets only variables the server reads, and a valid server-mode configuration', () => {
    const known = new Set(configVariables);
    for (const name of appServices) {
      const s = services[name];
      const keys = [
        ...Object.keys(s?.environment ?? {}),
        ...(s?.env_file ?? []).flatMap((f) => envFileKeys(`deploy/${f}.example`)),
      ];
      expect(
        keys.filter((k) => !known.has(k)),
        name,
      ).toEqual([]);
      expect(s?.env_file).toEqual(['apiplay.env']);
    }
    const env = { ...services.app1?.environment };
    // what `docker compose` substitutes, and what the operator fills into apiplay.env
    env.DATABASE_URL = String(env.DATABASE_URL).replace(/\$\{POSTGRES_PASSWORD[^}]*\}/, 'pw');
    const config = loadConfig({
      ...env,
      JWT_SECRET: 'j'.repeat(32),
      SECRETS_KEY: 'a'.repeat(64),
      METRICS_TOKEN: 'm'.repeat(20),
    });
    expect(config.embedded).toBe(false);
    expect(config.redisUrl).toBe('redis://redis:6379');
    expect(config.trustProxy).toBe(true);
    expect(config.runWorkerInProcess).toBe(false);
    expect(envFileKeys('deploy/apiplay.env.example')).toEqual(
      expect.arrayContaining(['JWT_SECRET', 'SECRETS_KEY', 'METRICS_TOKEN']),
    );
    expect(envFileKeys('deploy/.env.example')).toContain('POSTGRES_PASSWORD');
  });

  it('keeps data in named volumes and mounts the nginx config', () => {
    const named = (s: Service | undefined) =>
      (s?.volumes ?? []).map((v) => v.split(':')[0] ?? '').filter((v) => !v.startsWith('.'));
    for (const name of ['postgres', 'redis', ...appServices]) {
      const vols = named(services[name]);
      expect(vols.length, name).toBeGreaterThan(0);
      for (const v of vols) {
        expect(compose.volumes, `${name}: ${v}`).toHaveProperty(v);
      }
    }
    expect(services.nginx?.volumes).toContain('./nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(services.nginx?.volumes).toContain('./tls:/etc/nginx/tls.d:ro');
  });

  it("nginx's body limits match the apps' BODY_LIMIT, IMPORT_MAX_BYTES and FILE_MAX_BYTES", () => {
    const nginx = read('deploy/nginx.conf');
    const config = loadConfig({
      BODY_LIMIT: services.app1?.environment?.BODY_LIMIT ?? '',
      IMPORT_MAX_BYTES: services.app1?.environment?.IMPORT_MAX_BYTES ?? '',
      FILE_MAX_BYTES: services.app1?.environment?.FILE_MAX_BYTES ?? '',
    });
    // A stored file's upload carries the file plus its multipart envelope (at most 1 MB more).
    const files =
      /location ~ \^\/api\/workspaces\/\[\^\/\]\+\/files\$ \{[^}]*client_max_body_size (\d+)m;/.exec(nginx);
    const filesLimit = Number(files?.[1]) * 1024 * 1024;
    expect(filesLimit).toBeGreaterThanOrEqual(config.fileMaxBytes);
    expect(filesLimit).toBeLessThanOrEqual(config.fileMaxBytes + 1024 * 1024);
    const sizes = [...nginx.matchAll(/client_max_body_size (\d+)m;/g)].map((m) => Number(m[1]) * 1024 * 1024);
    expect(sizes[0]).toBe(config.bodyLimit);
    expect(sizes).toContain(config.importMaxBytes);
  });
});

describe('deploy/prometheus.yml', () => {
  it("scrapes every app server's and the worker's /metrics with the METRICS_TOKEN bearer", () => {
    const prom = parse(read('deploy/prometheus.yml')) as {
      scrape_configs: {
        metrics_path: string;
        authorization: { type: string; credentials_file: string };
        static_configs: { targets: string[] }[];
      }[];
    };
    const [job] = prom.scrape_configs;
    expect(job?.metrics_path).toBe('/metrics');
    expect(job?.authorization.type).toBe('Bearer');
    const targets = job?.static_configs.flatMap((c) => c.targets) ?? [];
    const port = services.app1?.environment?.PORT;
    const workerPort = services.worker?.environment?.WORKER_METRICS_PORT;
    expect(workerPort).toBeDefined();
    expect(targets.sort()).toEqual([...['app1', 'app2'].map((s) => `${s}:${port}`), `worker:${workerPort}`]);
    for (const target of targets) {
      expect(services).toHaveProperty(target.split(':')[0] ?? '');
    }
  });
});

describe('Dockerfile and .dockerignore', () => {
  const dockerfile = read('Dockerfile');
  it('is multi-stage on a slim Node LTS base, built on npm run package, non-root, with a /healthz HEALTHCHECK', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:(22|24)[\w.-]*-slim$/m);
    expect(dockerfile.match(/^FROM /gm)?.length).toBe(2);
    expect(dockerfile).toMatch(/^FROM \$\{NODE_IMAGE\} AS build$/m);
    expect(dockerfile).toMatch(/^FROM \$\{NODE_IMAGE\} AS runtime$/m);
    expect(dockerfile).toContain('npm run package');
    expect(dockerfile).toMatch(/^COPY --from=build .*\/release \/app$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [^\n]*\\\n\s+CMD .*\/healthz/m);
    // the runtime stage installs nothing: the release already holds only production dependencies
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(runtime).not.toMatch(/npm (ci|install)/);
  });

  it('keeps dependencies, builds, data and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of [
      '**/node_modules',
      '**/dist',
      '.git',
      'data',
      'release',
      '.env',
      'deploy/apiplay.env',
    ]) {
      expect(ignored, entry).toContain(entry);
    }
  });
});
