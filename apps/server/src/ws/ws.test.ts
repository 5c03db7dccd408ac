import type { AddressInfo } from 'node:net';
import type { TWsServerMessage } from '@apiplay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ACCESS_TOKEN_TTL_SECONDS } from '../lib/access-tokens';
import { addMember, buildUser, buildWorkspace, createTestApp, type TestApp, type TestUser } from '../test';

let t: TestApp;
let owner: TestUser;
let member: TestUser;
let outsider: TestUser;
let workspaceId: string;
let url = '';

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/ws`;
  const built = await buildWorkspace(t);
  owner = built.owner;
  workspaceId = built.workspace.id;
  member = await addMember(t, workspaceId, 'viewer');
  outsider = await buildUser(t);
});
afterAll(() => t.close());

/** A client that queues every message so tests can await the next one of a type. */
function connect(protocols: string[] = ['apiplay']) {
  const socket = new WebSocket(url, protocols);
  const inbox: TWsServerMessage[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    inbox.push(JSON.parse(String(data)) as TWsServerMessage);
    for (const w of waiters.splice(0)) {
      w();
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
  });
  async function next<T extends TWsServerMessage['type']>(
    type: T,
  ): Promise<Extract<TWsServerMessage, { type: T }>> {
    for (;;) {
      const i = inbox.findIndex((m) => m.type === type);
      if (i >= 0) {
        return inbox.splice(i, 1)[0] as Extract<TWsServerMessage, { type: T }>;
      }
      await new Promise<void>((r) => waiters.push(r));
    }
  }
  const open = new Promise<void>((resolve, reject) => {
    socket.on('open', () => resolve());
    socket.on('error', reject);
  });
  return { socket, inbox, next, closed, open, send: (m: unknown) => socket.send(JSON.stringify(m)) };
}

describe('GET /ws', () => {
  it('authenticates via the subprotocol, subscribes and receives edits with the actor', async () => {
    const c = connect(['apiplay', member.accessToken]);
    await c.open;
    expect(c.socket.protocol).toBe('apiplay');
    expect((await c.next('ready')).userId).toBe(member.id);
    c.send({ type: 'subscribe', workspaceId });
    await c.next('subscribed');
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${workspaceId}/collections`,
      headers: owner.headers,
      payload: { name: 'Live' },
    });
    const { event } = await c.next('event');
    expect(event).toMatchObject({ type: 'collection.created', workspaceId, actorId: owner.id });
    expect(event.data.collection).toMatchObject({ id: created.json().id, name: 'Live' });
    c.socket.close();
  });

  it('delivers a burst of events to every subscriber, complete (frames are batched per socket)', async () => {
    const clients = [connect(['apiplay', owner.accessToken]), connect(['apiplay', member.accessToken])];
    for (const c of clients) {
      await c.next('ready');
      c.send({ type: 'subscribe', workspaceId });
      await c.next('subscribed');
    }
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: `/api/workspaces/${workspaceId}/collections`,
          headers: owner.headers,
          payload: { name: `Burst ${i}` },
        }),
      ),
    );
    const ids = created.map((r) => r.json().id).sort();
    for (const c of clients) {
      const received: string[] = [];
      for (let i = 0; i < ids.length; i += 1) {
        received.push(((await c.next('event')).event.data.collection as { id: string }).id);
      }
      expect(received.sort()).toEqual(ids);
      c.socket.close();
    }
  });

  it('authenticates via the first message and answers pings', async () => {
    const c = connect();
    await c.open;
    c.send({ type: 'auth', token: owner.accessToken });
    await c.next('ready');
    c.send({ type: 'ping' });
    await c.next('pong');
    c.socket.close();
  });

  it('refuses subscriptions to workspaces the user is not a member of, and sends them nothing', async () => {
    const c = connect(['apiplay', outsider.accessToken]);
    await c.open;
    await c.next('ready');
    c.send({ type: 'subscribe', workspaceId });
    expect(await c.next('error')).toMatchObject({ code: 'NOT_FOUND' });
    await t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${workspaceId}/collections`,
      headers: owner.headers,
      payload: { name: 'Secret plans' },
    });
    c.send({ type: 'ping' });
    await c.next('pong');
    expect(c.inbox.filter((m) => m.type === 'event')).toEqual([]);
    c.socket.close();
  });

  it('closes with 4401 for bad credentials and for messages before auth', async () => {
    const bad = connect(['apiplay', 'not-a-token']);
    await bad.open;
    expect((await bad.closed).code).toBe(4401);
    const early = connect();
    await early.open;
    early.send({ type: 'subscribe', workspaceId });
    expect((await early.closed).code).toBe(4401);
  });

  it('closes with 4401 when the access token expires', async () => {
    // A token signed so that it expires about a second from now.
    const { token } = await t.ctx.accessTokens.sign(
      member.id,
      Date.now() - (ACCESS_TOKEN_TTL_SECONDS - 1) * 1000,
    );
    const c = connect(['apiplay', token]);
    await c.open;
    await c.next('ready');
    const closed = await c.closed;
    expect(closed).toEqual({ code: 4401, reason: 'token expired' });
  });

  it('accepts API keys', async () => {
    const key = await t.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: owner.headers,
      payload: { name: 'ws' },
    });
    expect(key.statusCode, key.body).toBe(201);
    const c = connect(['apiplay', key.json().key]);
    await c.open;
    expect((await c.next('ready')).userId).toBe(owner.id);
    c.socket.close();
  });
});
