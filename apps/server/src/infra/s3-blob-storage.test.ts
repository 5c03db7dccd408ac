import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/env';
import { buildWorkspace, createSelfTargetApp, createTestApp, type TestApp } from '../test';
import { type LoopbackS3, S3RVER_KEY, startLoopbackS3 } from '../test/s3-server';
import { createS3BlobStorage, type S3StorageConfig } from './s3-blob-storage';

let s3: LoopbackS3;

beforeAll(async () => {
  s3 = await startLoopbackS3();
});
afterAll(() => s3.close());

const configFor = (over: Partial<S3StorageConfig> = {}): S3StorageConfig => ({
  endpoint: s3.endpoint,
  region: 'us-east-1',
  bucket: s3.bucket,
  accessKeyId: S3RVER_KEY,
  secretAccessKey: S3RVER_KEY,
  forcePathStyle: true,
  ...over,
});

/** The object's file in s3rver's directory (`<bucket>/<key>._S3rver_object`), read outside of the SDK. */
const objectFile = (key: string) => join(s3.directory, s3.bucket, `${key}._S3rver_object`);

describe('S3 blob storage against a loopback S3 server', () => {
  it('writes, reads back and deletes; a missing key reads as null and deletes without error', async () => {
    const storage = createS3BlobStorage(configFor());
    const bytes = Buffer.from([0, 1, 2, 255, 0x41]);
    const key = await storage.put('history/ws 1/../x', bytes);
    expect(key).toMatch(/^history\/ws_1\/__\/x\/[0-9a-f-]{36}$/);
    expect(existsSync(objectFile(key))).toBe(true);
    expect(await storage.get(key)).toEqual(bytes);
    await storage.delete(key);
    expect(existsSync(objectFile(key))).toBe(false);
    expect(await storage.get(key)).toBeNull();
    await storage.delete(key);
    storage.close();
  });
});

async function bootError(env: Record<string, string>): Promise<string> {
  try {
    const t = await createTestApp({ env });
    await t.close();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('the app booted with bad storage settings');
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('S3 settings checked at boot', () => {
  it('names S3_BUCKET when the bucket does not exist', async () => {
    const message = await bootError({ ...s3.env, S3_BUCKET: 'no-such-bucket' });
    expect(message).toContain('S3_BUCKET: bucket "no-such-bucket" does not exist');
  });

  it('names S3_ACCESS_KEY_ID for an unknown access key, and never prints the secret', async () => {
    const message = await bootError({
      ...s3.env,
      S3_ACCESS_KEY_ID: 'AKIAUNKNOWN',
      S3_SECRET_ACCESS_KEY: 'very-secret-value-1234',
    });
    expect(message).toContain('S3_ACCESS_KEY_ID:');
    expect(message).toContain('InvalidAccessKeyId');
    expect(message).not.toContain('very-secret-value-1234');
  });

  it('names S3_ENDPOINT when nothing listens there', async () => {
    const message = await bootError({ ...s3.env, S3_ENDPOINT: `http://127.0.0.1:${await closedPort()}` });
    expect(message).toContain('S3_ENDPOINT: cannot reach');
  });
});

describe('the app on S3 storage', () => {
  let t: TestApp & { base: string };
  let headers: Record<string, string>;
  let workspaceId = '';

  beforeAll(async () => {
    t = await createSelfTargetApp({ env: { ...s3.env, HISTORY_BODY_INLINE_MAX: '64' } });
    const built = await buildWorkspace(t);
    headers = built.owner.headers;
    workspaceId = built.workspace.id;
  });
  afterAll(() => t.close());

  const bucketKeys = (under: string): string[] => {
    const dir = join(s3.directory, s3.bucket, under);
    return existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }) : [];
  };

  it('keeps a history body over the inline cap in the bucket, serves it, and deletes it with the entry', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/execute',
      headers,
      payload: { workspaceId, request: { v: 1, id: 'b', method: 'GET', url: `${t.base}/echo/bytes/5000` } },
    });
    expect(res.statusCode, res.body).toBe(200);
    await t.ctx.history.flush();
    const { historyId } = res.json();
    const objects = bucketKeys(`history/${workspaceId}`).filter((k) => k.endsWith('._S3rver_object'));
    expect(objects).toHaveLength(1);
    const body = await t.app.inject({ method: 'GET', url: `/api/history/${historyId}/body`, headers });
    expect(body.statusCode, body.body).toBe(200);
    expect(body.rawPayload.length).toBeGreaterThanOrEqual(5000);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/history/${historyId}`, headers });
    expect(del.statusCode, del.body).toBe(204);
    expect(bucketKeys(`history/${workspaceId}`).filter((k) => k.endsWith('._S3rver_object'))).toEqual([]);
  });

  it('keeps an async export in the bucket and serves it from the job', async () => {
    const col = await t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${workspaceId}/collections`,
      headers,
      payload: {
        name: 'Exported',
        items: [{ type: 'request', id: 'r', name: 'R', method: 'GET', url: 'https://x.test/a' }],
      },
    });
    expect(col.statusCode, col.body).toBe(201);
    const queued = await t.app.inject({
      method: 'GET',
      url: `/api/collections/${col.json().id}/export?format=postman&async=1`,
      headers,
    });
    expect(queued.statusCode, queued.body).toBe(202);
    await t.ctx.jobs.drain();
    expect(bucketKeys(`exports/${workspaceId}`).filter((k) => k.endsWith('._S3rver_object'))).toHaveLength(1);
    const job = await t.app.inject({ method: 'GET', url: `/api/jobs/${queued.json().jobId}`, headers });
    expect(job.statusCode, job.body).toBe(200);
    expect(job.json().result).not.toHaveProperty('contentRef');
    expect(JSON.parse(job.json().result.content).info.name).toBe('Exported');
  });

  it('reports storage in /readyz, and 503 naming it when the bucket is gone', async () => {
    const ok = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ok.statusCode, ok.body).toBe(200);
    // A second server on the same endpoint whose bucket does not exist: the probe itself must fail.
    const other = createS3BlobStorage(configFor({ bucket: 'vanished-bucket' }));
    const original = t.ctx.storage;
    t.ctx.storage = other;
    try {
      const bad = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(bad.statusCode).toBe(503);
      expect(bad.json().failed).toEqual(['storage']);
    } finally {
      t.ctx.storage = original;
      other.close();
    }
  });
});
