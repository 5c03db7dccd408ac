import type { TLiveEvent } from '@apiplay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildWorkspace,
  createTestApp,
  injectAs,
  type TestApp,
  type TestMethod,
  type TestUser,
} from '../test';

// Services own their side effects: every change made through the API publishes its live event (and the
// workspace creation its audit row) from the service that made it, once, with the workspace and the actor.
let t: TestApp;
let owner: TestUser;
let workspaceId: string;
const events: TLiveEvent[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const built = await buildWorkspace(t);
  owner = built.owner;
  workspaceId = built.workspace.id;
  t.ctx.events.subscribe((event) => events.push(event));
});
afterAll(() => t.close());

async function call(method: TestMethod, url: string, payload?: unknown) {
  const res = await injectAs(t, owner, method, url, payload);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.statusCode === 204 ? null : res.json();
}

/** The events published by `action`, as `type` (everything else checked once for all). */
async function published(action: () => Promise<unknown>): Promise<string[]> {
  const from = events.length;
  await action();
  const mine = events.slice(from);
  for (const event of mine) {
    expect(event).toMatchObject({ workspaceId, actorId: owner.id });
  }
  return mine.map((e) => e.type);
}

describe('live events come from the services that change things', () => {
  it('collections, items, environments and globals publish one event per change', async () => {
    let collectionId = '';
    expect(
      await published(async () => {
        collectionId = (await call('POST', `/api/workspaces/${workspaceId}/collections`, { name: 'C' })).id;
      }),
    ).toEqual(['collection.created']);
    expect(await published(() => call('PATCH', `/api/collections/${collectionId}`, { name: 'C2' }))).toEqual([
      'collection.updated',
    ]);
    let itemId = '';
    let folderId = '';
    expect(
      await published(async () => {
        itemId = (
          await call('POST', `/api/collections/${collectionId}/items`, { type: 'request', name: 'r' })
        ).item.id;
        folderId = (
          await call('POST', `/api/collections/${collectionId}/items`, { type: 'folder', name: 'f' })
        ).item.id;
      }),
    ).toEqual(['item.created', 'item.created']);
    expect(await published(() => call('PATCH', `/api/items/${itemId}`, { url: 'http://v2' }))).toEqual([
      'item.updated',
    ]);
    expect(
      await published(() => call('POST', `/api/items/${itemId}/move`, { parentId: folderId, position: 0 })),
    ).toEqual(['item.moved']);
    expect(await published(() => call('POST', `/api/requests/${itemId}/duplicate`))).toEqual([
      'item.created',
    ]);
    const snapshots = await call('GET', `/api/requests/${itemId}/snapshots`);
    const first = snapshots.items.at(-1).id as string;
    expect(await published(() => call('POST', `/api/requests/${itemId}/snapshots/${first}/restore`))).toEqual(
      ['item.updated'],
    );
    expect(await published(() => call('DELETE', `/api/items/${itemId}`))).toEqual(['item.deleted']);
    expect(await published(() => call('DELETE', `/api/collections/${collectionId}`))).toEqual([
      'collection.deleted',
    ]);

    let environmentId = '';
    expect(
      await published(async () => {
        environmentId = (await call('POST', `/api/workspaces/${workspaceId}/environments`, { name: 'E' })).id;
      }),
    ).toEqual(['environment.created']);
    expect(
      await published(() => call('PATCH', `/api/environments/${environmentId}`, { name: 'E2' })),
    ).toEqual(['environment.updated']);
    expect(await published(() => call('DELETE', `/api/environments/${environmentId}`))).toEqual([
      'environment.deleted',
    ]);
    expect(
      await published(() => call('PUT', `/api/workspaces/${workspaceId}/globals`, { variables: [] })),
    ).toEqual(['environment.updated']);
  });

  it('creating a team workspace writes its audit row', async () => {
    const created = await call('POST', '/api/workspaces', { name: 'Team' });
    const audit = await call('GET', `/api/workspaces/${created.id}/audit`);
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(['workspace.created']);
  });
});
