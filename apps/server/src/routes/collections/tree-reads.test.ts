import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildUser, createTestApp, injectAs, type TestApp, type TestUser, usingPostgres } from '../../test';

// Embedded mode serves a tree read with no statement at all while nothing was written (db/client.ts countWrites,
// infra/tree-cache.ts, infra/unchanged-memo.ts); server mode remembers the collection's workspace
// (routes/owner-of.ts treeOwner). In both, every kind of change shows on the very next read.
describe('tree reads', () => {
  let t: TestApp;
  let owner: TestUser;
  let collectionId = '';

  beforeAll(async () => {
    t = await createTestApp();
    owner = await buildUser(t);
    const created = await injectAs(
      t,
      owner,
      'POST',
      `/api/workspaces/${owner.personalWorkspaceId}/collections`,
      {
        name: 'Tree',
        items: [
          {
            type: 'folder',
            id: 'f1',
            name: 'F',
            items: [{ type: 'request', id: 'r1', name: 'R', method: 'GET', url: 'http://x/' }],
          },
        ],
      },
    );
    expect(created.statusCode, created.body).toBe(201);
    collectionId = created.json().id;
  });
  afterAll(() => t.close());

  const read = async (user = owner) => {
    const res = await injectAs(t, user, 'GET', `/api/collections/${collectionId}`);
    return { status: res.statusCode, tree: res.statusCode === 200 ? res.json() : null };
  };

  it.skipIf(usingPostgres)('a repeated read runs no statement (embedded)', async () => {
    await read();
    const select = vi.spyOn(t.ctx.db, 'select');
    try {
      const again = await read();
      expect(again.status).toBe(200);
      expect(select).not.toHaveBeenCalled();
    } finally {
      select.mockRestore();
    }
  });

  it('every change shows on the next read', async () => {
    const first = await read();
    const folder = first.tree.items[0];
    // Rename the collection.
    expect(
      (await injectAs(t, owner, 'PATCH', `/api/collections/${collectionId}`, { name: 'Renamed' })).statusCode,
    ).toBe(200);
    expect((await read()).tree.name).toBe('Renamed');
    // Add, edit and delete a request.
    const added = await injectAs(t, owner, 'POST', `/api/collections/${collectionId}/items`, {
      type: 'request',
      parentId: folder.id,
      name: 'Added',
      method: 'POST',
      url: 'http://y/',
    });
    expect(added.statusCode).toBe(201);
    const addedId = added.json().item.id;
    expect((await read()).tree.items[0].items.map((i: { name: string }) => i.name)).toContain('Added');
    expect((await injectAs(t, owner, 'PATCH', `/api/items/${addedId}`, { name: 'Edited' })).statusCode).toBe(
      200,
    );
    expect((await read()).tree.items[0].items.map((i: { name: string }) => i.name)).toContain('Edited');
    expect((await injectAs(t, owner, 'DELETE', `/api/items/${addedId}`)).statusCode).toBe(204);
    expect((await read()).tree.items[0].items.map((i: { name: string }) => i.name)).not.toContain('Edited');
  });

  it('a deleted collection is gone on the next read, and an outsider never sees it', async () => {
    const outsider = await buildUser(t);
    expect((await read(outsider)).status).toBe(404);
    expect((await read()).status).toBe(200);
    expect((await injectAs(t, owner, 'DELETE', `/api/collections/${collectionId}`)).statusCode).toBe(204);
    expect((await read()).status).toBe(404);
  });
});
