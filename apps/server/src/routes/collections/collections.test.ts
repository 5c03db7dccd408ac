import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  buildUser,
  buildWorkspace,
  createTestApp,
  injectAs,
  type TestApp,
  type TestMethod,
  type TestUser,
} from '../../test';

let t: TestApp;
let owner: TestUser;
let viewer: TestUser;
let outsider: TestUser;
let workspaceId: string;

beforeAll(async () => {
  t = await createTestApp();
  const built = await buildWorkspace(t);
  owner = built.owner;
  workspaceId = built.workspace.id;
  viewer = await addMember(t, workspaceId, 'viewer');
  outsider = await buildUser(t);
});
afterAll(() => t.close());

function call(user: TestUser, method: TestMethod, url: string, payload?: unknown) {
  return injectAs(t, user, method, url, payload);
}

async function newCollection(name = 'C'): Promise<string> {
  const res = await call(owner, 'POST', `/api/workspaces/${workspaceId}/collections`, { name });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

async function newItem(collectionId: string, body: Record<string, unknown>): Promise<string> {
  const res = await call(owner, 'POST', `/api/collections/${collectionId}/items`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().item.id as string;
}

async function tree(collectionId: string) {
  const res = await call(owner, 'GET', `/api/collections/${collectionId}`);
  expect(res.statusCode).toBe(200);
  return res.json();
}

function names(items: { name: string }[]): string[] {
  return items.map((i) => i.name);
}

describe('collections', () => {
  it('creates, lists with a cursor, renames and deletes', async () => {
    const a = await newCollection('A');
    const b = await newCollection('B');
    const page1 = await call(owner, 'GET', `/api/workspaces/${workspaceId}/collections?limit=1`);
    expect(page1.statusCode).toBe(200);
    expect(page1.json().items).toHaveLength(1);
    const page2 = await call(
      owner,
      'GET',
      `/api/workspaces/${workspaceId}/collections?limit=100&cursor=${page1.json().nextCursor}`,
    );
    const ids = [page1.json().items[0].id, ...page2.json().items.map((c: { id: string }) => c.id)];
    expect(ids).toEqual(expect.arrayContaining([a, b]));
    const renamed = await call(owner, 'PATCH', `/api/collections/${a}`, {
      name: 'A2',
      auth: { type: 'bearer', token: '{{t}}' },
    });
    expect(renamed.json()).toMatchObject({ name: 'A2', revision: 2 });
    expect((await tree(a)).auth).toEqual({ type: 'bearer', token: '{{t}}' });
    expect((await call(owner, 'DELETE', `/api/collections/${b}`)).statusCode).toBe(204);
    expect((await call(owner, 'GET', `/api/collections/${b}`)).statusCode).toBe(404);
  });

  it('stores a whole tree given at creation and returns it in the saved format', async () => {
    const res = await call(owner, 'POST', `/api/workspaces/${workspaceId}/collections`, {
      name: 'Imported',
      variables: [{ key: 'base', value: 'http://x' }],
      items: [
        {
          type: 'folder',
          id: 'f1',
          name: 'F',
          auth: { type: 'basic', username: 'u', password: 'p' },
          items: [
            {
              type: 'folder',
              id: 'f2',
              name: 'G',
              items: [{ type: 'request', id: 'r1', name: 'deep', url: '{{base}}/d' }],
            },
            { type: 'request', id: 'r2', name: 'second', method: 'POST' },
          ],
        },
        { type: 'request', id: 'r3', name: 'root' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const doc = await tree(res.json().id);
    expect(doc).toMatchObject({
      v: 1,
      name: 'Imported',
      variables: [{ key: 'base', value: 'http://x', secret: false }],
    });
    expect(names(doc.items)).toEqual(['F', 'root']);
    expect(doc.items[0].auth).toEqual({ type: 'basic', username: 'u', password: 'p' });
    expect(names(doc.items[0].items)).toEqual(['G', 'second']);
    expect(doc.items[0].items[0].items[0]).toMatchObject({
      type: 'request',
      name: 'deep',
      url: '{{base}}/d',
      method: 'GET',
    });
    expect(doc.items[0].id).not.toBe('f1');
  });

  it('nests folders to any depth and keeps sibling order with positions', async () => {
    const c = await newCollection();
    let parent: string | null = null;
    for (let depth = 0; depth < 12; depth += 1) {
      parent = await newItem(c, { type: 'folder', name: `d${depth}`, parentId: parent });
    }
    const a = await newItem(c, { type: 'request', name: 'a' });
    await newItem(c, { type: 'request', name: 'c' });
    await newItem(c, { type: 'request', name: 'b', position: 2 });
    await newItem(c, { type: 'request', name: 'first', position: 0 });
    const doc = await tree(c);
    expect(names(doc.items)).toEqual(['first', 'd0', 'a', 'b', 'c']);
    let node = doc.items[1];
    for (let depth = 1; depth < 12; depth += 1) {
      node = node.items[0];
      expect(node.name).toBe(`d${depth}`);
    }
    // Reorder: move `a` to the end, then into the deepest folder.
    expect(
      (await call(owner, 'POST', `/api/items/${a}/move`, { parentId: null, position: 4 })).statusCode,
    ).toBe(200);
    expect(names((await tree(c)).items)).toEqual(['first', 'd0', 'b', 'c', 'a']);
    const moved = await call(owner, 'POST', `/api/items/${a}/move`, { parentId: parent, position: 0 });
    expect(moved.json().parentId).toBe(parent);
  });

  it('refuses moving a folder into its own descendant and placing items under requests', async () => {
    const c = await newCollection();
    const outer = await newItem(c, { type: 'folder', name: 'outer' });
    const inner = await newItem(c, { type: 'folder', name: 'inner', parentId: outer });
    const req = await newItem(c, { type: 'request', name: 'r' });
    expect(
      (await call(owner, 'POST', `/api/items/${outer}/move`, { parentId: inner, position: 0 })).statusCode,
    ).toBe(400);
    expect(
      (await call(owner, 'POST', `/api/items/${outer}/move`, { parentId: outer, position: 0 })).statusCode,
    ).toBe(400);
    expect(
      (await call(owner, 'POST', `/api/collections/${c}/items`, { type: 'request', parentId: req }))
        .statusCode,
    ).toBe(400);
  });

  it('updates folder and request fields and rejects fields of the other kind', async () => {
    const c = await newCollection();
    const f = await newItem(c, { type: 'folder', name: 'f' });
    const r = await newItem(c, { type: 'request', name: 'r', parentId: f });
    const upd = await call(owner, 'PATCH', `/api/items/${f}`, {
      variables: [{ key: 'k', value: 'v' }],
      scripts: { preRequest: 'pm.variables.set("a", 1)', test: '' },
      description: 'doc',
    });
    expect(upd.statusCode).toBe(200);
    expect(upd.json().item).toMatchObject({ type: 'folder', description: 'doc', variables: [{ key: 'k' }] });
    const r2 = await call(owner, 'PATCH', `/api/items/${r}`, {
      name: 'renamed',
      method: 'PUT',
      url: 'http://h/x',
      body: { mode: 'raw', raw: '{}', language: 'json' },
    });
    expect(r2.json().item).toMatchObject({
      name: 'renamed',
      method: 'PUT',
      body: { mode: 'raw', raw: '{}' },
    });
    expect((await call(owner, 'PATCH', `/api/items/${f}`, { url: 'http://x' })).statusCode).toBe(400);
    expect((await call(owner, 'PATCH', `/api/items/${r}`, { method: 'BAD METHOD' })).statusCode).toBe(400);
    expect((await call(owner, 'PATCH', `/api/items/${r}`, { nope: 1 })).statusCode).toBe(400);
  });

  it('deletes a folder with its children', async () => {
    const c = await newCollection();
    const f = await newItem(c, { type: 'folder', name: 'f' });
    const sub = await newItem(c, { type: 'folder', name: 'sub', parentId: f });
    const r = await newItem(c, { type: 'request', name: 'r', parentId: sub });
    expect((await call(owner, 'DELETE', `/api/items/${f}`)).statusCode).toBe(204);
    expect((await tree(c)).items).toEqual([]);
    expect((await call(owner, 'GET', `/api/items/${r}`)).statusCode).toBe(404);
  });

  it('duplicates a folder deep, right after the original, with new ids', async () => {
    const c = await newCollection();
    const f = await newItem(c, { type: 'folder', name: 'f' });
    await newItem(c, { type: 'request', name: 'r1', parentId: f });
    const sub = await newItem(c, { type: 'folder', name: 'sub', parentId: f });
    await newItem(c, { type: 'request', name: 'r2', parentId: sub, url: 'http://deep' });
    await newItem(c, { type: 'request', name: 'after' });
    const dup = await call(owner, 'POST', `/api/items/${f}/duplicate`);
    expect(dup.statusCode).toBe(201);
    const doc = await tree(c);
    expect(names(doc.items)).toEqual(['f', 'f (copy)', 'after']);
    const copy = doc.items[1];
    expect(names(copy.items)).toEqual(['r1', 'sub']);
    expect(copy.items[1].items[0]).toMatchObject({ name: 'r2', url: 'http://deep' });
    expect(copy.items[1].items[0].id).not.toBe(doc.items[0].items[1].items[0].id);
    const reqDup = await call(owner, 'POST', `/api/requests/${copy.items[0].id}/duplicate`);
    expect(reqDup.json().item.name).toBe('r1 (copy)');
    expect((await call(owner, 'POST', `/api/requests/${f}/duplicate`)).statusCode).toBe(404);
  });

  it('keeps snapshots of request saves and restores one', async () => {
    const c = await newCollection();
    const r = await newItem(c, { type: 'request', name: 'r', url: 'http://v1' });
    await call(owner, 'PATCH', `/api/items/${r}`, { url: 'http://v2' });
    await call(owner, 'PATCH', `/api/items/${r}`, { url: 'http://v3' });
    const snaps = await call(viewer, 'GET', `/api/requests/${r}/snapshots`);
    expect(snaps.statusCode).toBe(200);
    const items = snaps.json().items as { id: string; request: { url: string } }[];
    expect(items.map((s) => s.request.url)).toEqual(['http://v3', 'http://v2', 'http://v1']);
    const v1 = items[2]?.id;
    const restored = await call(owner, 'POST', `/api/requests/${r}/snapshots/${v1}/restore`);
    expect(restored.json().item.url).toBe('http://v1');
    expect((await call(owner, 'GET', `/api/requests/${r}/snapshots`)).json().items).toHaveLength(4);
  });

  it('caps snapshots at 50', async () => {
    const c = await newCollection();
    const r = await newItem(c, { type: 'request', name: 'r' });
    for (let i = 0; i < 52; i += 1) {
      await call(owner, 'PATCH', `/api/items/${r}`, { url: `http://v${i}` });
    }
    const items = (await call(owner, 'GET', `/api/requests/${r}/snapshots`)).json().items;
    expect(items).toHaveLength(50);
    expect(items[0].request.url).toBe('http://v51');
  });
});

describe('collection roles', () => {
  it('lets viewers read but not write, and hides everything from non-members', async () => {
    const c = await newCollection('guarded');
    const r = await newItem(c, { type: 'request', name: 'r' });
    expect((await call(viewer, 'GET', `/api/collections/${c}`)).statusCode).toBe(200);
    expect((await call(viewer, 'GET', `/api/workspaces/${workspaceId}/collections`)).statusCode).toBe(200);
    expect(
      (await call(viewer, 'POST', `/api/workspaces/${workspaceId}/collections`, { name: 'x' })).statusCode,
    ).toBe(403);
    expect((await call(viewer, 'PATCH', `/api/collections/${c}`, { name: 'x' })).statusCode).toBe(403);
    expect((await call(viewer, 'DELETE', `/api/collections/${c}`)).statusCode).toBe(403);
    expect((await call(viewer, 'POST', `/api/collections/${c}/items`, { type: 'folder' })).statusCode).toBe(
      403,
    );
    expect((await call(viewer, 'PATCH', `/api/items/${r}`, { name: 'x' })).statusCode).toBe(403);
    expect(
      (await call(viewer, 'POST', `/api/items/${r}/move`, { parentId: null, position: 0 })).statusCode,
    ).toBe(403);
    expect((await call(viewer, 'POST', `/api/requests/${r}/duplicate`)).statusCode).toBe(403);
    expect((await call(viewer, 'DELETE', `/api/items/${r}`)).statusCode).toBe(403);
    for (const [method, url] of [
      ['GET', `/api/collections/${c}`],
      ['GET', `/api/workspaces/${workspaceId}/collections`],
      ['PATCH', `/api/items/${r}`],
      ['GET', `/api/requests/${r}/snapshots`],
    ] as const) {
      expect(
        (await call(outsider, method, url, method === 'PATCH' ? { name: 'x' } : undefined)).statusCode,
      ).toBe(404);
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/collections/${c}` })).statusCode).toBe(401);
  });

  it('rejects unknown ids and bad bodies with the error shape', async () => {
    const res = await call(owner, 'GET', '/api/collections/00000000-0000-4000-8000-000000000000');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    const bad = await call(owner, 'POST', `/api/workspaces/${workspaceId}/collections`, { name: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });
});
