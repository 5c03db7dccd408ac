import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../../db/schema';
import { EXPORT_TTL_MS, expireExports } from '../../services/export/expire-exports';
import { addMember, buildUser, buildWorkspace, createTestApp, type TestApp, type TestUser } from '../../test';

let t: TestApp;
let viewer: TestUser;
let outsider: TestUser;
let collectionId = '';

beforeAll(async () => {
  t = await createTestApp();
  const built = await buildWorkspace(t);
  viewer = await addMember(t, built.workspace.id, 'viewer');
  outsider = await buildUser(t);
  const col = await t.app.inject({
    method: 'POST',
    url: `/api/workspaces/${built.workspace.id}/collections`,
    headers: built.owner.headers,
    payload: {
      name: 'Shop',
      items: [
        { type: 'request', id: 'a', name: 'List', method: 'GET', url: 'https://api.example.test/items' },
        { type: 'request', id: 'b', name: 'Add', method: 'POST', url: 'https://api.example.test/items' },
      ],
    },
  });
  expect(col.statusCode, col.body).toBe(201);
  collectionId = col.json().id;
});
afterAll(() => t.close());

describe('GET /api/collections/:id/export', () => {
  it('sends the file itself without async', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/collections/${collectionId}/export?format=postman`,
      headers: viewer.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(JSON.parse(res.body).item).toHaveLength(2);
  });

  it('queues with async=1 and exposes the file as the job result', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/collections/${collectionId}/export?format=openapi&async=1`,
      headers: viewer.headers,
    });
    expect(res.statusCode, res.body).toBe(202);
    const { jobId } = res.json();
    await t.app.ctx.jobs.drain();
    const job = await t.app.inject({ method: 'GET', url: `/api/jobs/${jobId}`, headers: viewer.headers });
    expect(job.statusCode, job.body).toBe(200);
    expect(job.json()).toMatchObject({ status: 'completed', type: 'export' });
    const { result } = job.json();
    expect(result.format).toBe('openapi');
    expect(result.filename).toContain('.openapi.json');
    expect(result.mimeType).toContain('json');
    expect(Object.keys(JSON.parse(result.content).paths)).toEqual(['/items']);
    const foreign = await t.app.inject({
      method: 'GET',
      url: `/api/jobs/${jobId}`,
      headers: outsider.headers,
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('keeps the file in blob storage, not in the job row, and expires it after a day', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/collections/${collectionId}/export?format=curl&async=1`,
      headers: viewer.headers,
    });
    const { jobId } = res.json();
    await t.app.ctx.jobs.drain();
    const [row] = await t.ctx.db.select().from(jobs).where(eq(jobs.id, jobId));
    const stored = row?.result as { contentRef: string; content?: string };
    expect(stored.content).toBeUndefined();
    expect((await t.ctx.storage.get(stored.contentRef))?.toString()).toContain('curl');
    // Not yet a day old: nothing expires.
    expect((await expireExports({ db: t.ctx.db, storage: t.ctx.storage })).expired).toBe(0);
    const later = new Date(Date.now() + EXPORT_TTL_MS + 60_000);
    expect(
      (await expireExports({ db: t.ctx.db, storage: t.ctx.storage, now: later })).expired,
    ).toBeGreaterThan(0);
    expect(await t.ctx.storage.get(stored.contentRef)).toBeNull();
    const job = await t.app.inject({ method: 'GET', url: `/api/jobs/${jobId}`, headers: viewer.headers });
    expect(job.json().result).toMatchObject({ format: 'curl', expired: true });
    expect(job.json().result).not.toHaveProperty('content');
    expect(job.json().result).not.toHaveProperty('contentRef');
  });

  it('checks access and the format before queueing', async () => {
    const outside = await t.app.inject({
      method: 'GET',
      url: `/api/collections/${collectionId}/export?async=1`,
      headers: outsider.headers,
    });
    expect(outside.statusCode).toBe(404);
    const bad = await t.app.inject({
      method: 'GET',
      url: `/api/collections/${collectionId}/export?format=docx&async=1`,
      headers: viewer.headers,
    });
    expect(bad.statusCode).toBe(400);
  });
});
