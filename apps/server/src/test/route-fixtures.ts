import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildUser, type TestUser } from './factories';
import type { TestApp } from './test-app';

/** What a fixture gets: a workspace owned by `owner`, where `viewer` is a viewer. */
export interface RouteFixtureContext {
  t: TestApp;
  workspaceId: string;
  owner: TestUser;
  viewer: TestUser;
}

export interface RouteFixture {
  /** A route URL pattern prefix, e.g. `/api/collections/:id`; the longest matching prefix wins. */
  prefix: string;
  /** Path params (by name) naming real resources inside `c.workspaceId`. Create them through the API or services. */
  params: (c: RouteFixtureContext) => Promise<Record<string, string>>;
  /** For routes that find their workspace in the body (e.g. `POST /api/execute`): a body naming `c.workspaceId`. */
  body?: (c: RouteFixtureContext) => Promise<object>;
}

async function invitationId(c: RouteFixtureContext): Promise<string> {
  const res = await c.t.app.inject({
    method: 'POST',
    url: `/api/workspaces/${c.workspaceId}/invitations`,
    headers: c.owner.headers,
    payload: {
      email: `walker-${Date.now()}-${Math.random().toString(16).slice(2)}@example.test`,
      role: 'viewer',
    },
  });
  if (res.statusCode !== 201) {
    throw new Error(`fixture: invitation create failed: ${res.body}`);
  }
  return (res.json() as { id: string }).id;
}

async function post(c: RouteFixtureContext, url: string, payload: object): Promise<Record<string, unknown>> {
  const res = await c.t.app.inject({ method: 'POST', url, headers: c.owner.headers, payload });
  if (res.statusCode < 200 || res.statusCode > 202) {
    throw new Error(`fixture: POST ${url} → ${res.statusCode} ${res.body}`);
  }
  return res.json() as Record<string, unknown>;
}

const memo = new WeakMap<RouteFixtureContext, Map<string, Promise<string>>>();
/** Creates each kind of resource once per fixture context. */
function once(c: RouteFixtureContext, kind: string, make: () => Promise<string>): Promise<string> {
  let m = memo.get(c);
  if (m === undefined) {
    m = new Map();
    memo.set(c, m);
  }
  let p = m.get(kind);
  if (p === undefined) {
    p = make();
    m.set(kind, p);
  }
  return p;
}

const collectionId = (c: RouteFixtureContext) =>
  once(c, 'collection', async () =>
    String((await post(c, `/api/workspaces/${c.workspaceId}/collections`, { name: 'Walker' })).id),
  );

const requestId = (c: RouteFixtureContext) =>
  once(c, 'request', async () => {
    const body = await post(c, `/api/collections/${await collectionId(c)}/items`, {
      type: 'request',
      name: 'R',
    });
    return String((body.item as { id: string }).id);
  });

const snapshotId = (c: RouteFixtureContext) =>
  once(c, 'snapshot', async () => {
    const id = await requestId(c);
    // Updating a request saves a snapshot of it.
    await c.t.app.inject({
      method: 'PATCH',
      url: `/api/items/${id}`,
      headers: c.owner.headers,
      payload: { name: 'R2' },
    });
    const res = await c.t.app.inject({
      method: 'GET',
      url: `/api/requests/${id}/snapshots`,
      headers: c.owner.headers,
    });
    const first = (res.json() as { items?: { id: string }[] }).items?.[0];
    if (first === undefined) {
      throw new Error(`fixture: no snapshot after PATCH: ${res.body}`);
    }
    return first.id;
  });

const environmentId = (c: RouteFixtureContext) =>
  once(c, 'environment', async () =>
    String((await post(c, `/api/workspaces/${c.workspaceId}/environments`, { name: 'E' })).id),
  );

const historyId = (c: RouteFixtureContext) =>
  once(c, 'history', async () => {
    // Executing a request records a history entry; the target is a throwaway loopback server.
    const target = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const { port } = target.address() as AddressInfo;
    try {
      const exec = await c.t.app.inject({
        method: 'POST',
        url: '/api/execute',
        headers: c.owner.headers,
        payload: {
          workspaceId: c.workspaceId,
          request: { v: 1, id: 'walker', method: 'GET', url: `http://127.0.0.1:${port}/` },
        },
      });
      if (exec.statusCode >= 300) {
        throw new Error(`fixture: POST /api/execute → ${exec.statusCode} ${exec.body}`);
      }
    } finally {
      target.closeAllConnections();
      target.close();
    }
    const res = await c.t.app.inject({
      method: 'GET',
      url: `/api/workspaces/${c.workspaceId}/history`,
      headers: c.owner.headers,
    });
    const first = (res.json() as { items?: { id: string }[] }).items?.[0];
    if (first === undefined) {
      throw new Error(`fixture: no history entry after POST /api/execute: ${res.body}`);
    }
    return first.id;
  });

const fileId = (c: RouteFixtureContext) =>
  once(c, 'file', async () => {
    const form = new FormData();
    form.set('file', new Blob(['walker file']), 'walker.txt');
    const encoded = new Response(form);
    const res = await c.t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${c.workspaceId}/files`,
      headers: { ...c.owner.headers, 'content-type': encoded.headers.get('content-type') ?? '' },
      payload: Buffer.from(await encoded.arrayBuffer()),
    });
    if (res.statusCode !== 201) {
      throw new Error(`fixture: file upload failed: ${res.statusCode} ${res.body}`);
    }
    return (res.json() as { id: string }).id;
  });

const runId = (c: RouteFixtureContext) =>
  once(c, 'run', async () => {
    // A run of the (empty) walker collection, finished: its report can be downloaded.
    const body = await post(c, `/api/collections/${await collectionId(c)}/runs`, {});
    await c.t.app.ctx.jobs.drain();
    return String(body.runId);
  });

const throwawayUserId = (c: RouteFixtureContext) =>
  once(c, 'throwaway-user', async () => (await buildUser(c.t)).id);

const loadRunId = (c: RouteFixtureContext) =>
  once(c, 'load-run', async () => {
    // A one-second load run of the walker's collection (its request has no reachable target: sends fail fast).
    await requestId(c);
    const body = await post(c, `/api/collections/${await collectionId(c)}/load-runs`, {
      vus: 1,
      duration: '1s',
    });
    return String(body.loadRunId);
  });

/**
 * The route-table test (`routes/access.test.ts`) fills path params from here to call every workspace-scoped route
 * as a non-member (expects 404) and as a viewer (expects 403 on routes needing more than viewer).
 * Add one entry per resource whose routes are not under `/api/workspaces/:id`.
 */
export const routeFixtures: RouteFixture[] = [
  {
    prefix: '/api/workspaces/:id',
    params: async (c) => ({ id: c.workspaceId, userId: c.owner.id, invitationId: await invitationId(c) }),
  },
  { prefix: '/api/collections/:id', params: async (c) => ({ id: await collectionId(c) }) },
  { prefix: '/api/items/:id', params: async (c) => ({ id: await requestId(c) }) },
  {
    prefix: '/api/requests/:id',
    params: async (c) => ({ id: await requestId(c), snapId: await snapshotId(c) }),
  },
  { prefix: '/api/environments/:id', params: async (c) => ({ id: await environmentId(c) }) },
  { prefix: '/api/history/:id', params: async (c) => ({ id: await historyId(c) }) },
  { prefix: '/api/files/:id', params: async (c) => ({ id: await fileId(c) }) },
  { prefix: '/api/runs/:id', params: async (c) => ({ id: await runId(c) }) },
  // Instance administration of a throwaway account (the hostile-input walk disables and deletes it).
  { prefix: '/api/admin/users/:id', params: async (c) => ({ id: await throwawayUserId(c) }) },
  {
    prefix: '/api/oauth2/token',
    params: async () => ({}),
    body: async (c) => ({
      workspaceId: c.workspaceId,
      auth: { accessTokenUrl: 'http://127.0.0.1:9/token', clientId: 'walker' },
      grant: { kind: 'refresh_token', refreshToken: 'rt-walker' },
    }),
  },
  { prefix: '/api/load-runs/:id', params: async (c) => ({ id: await loadRunId(c) }) },
  {
    prefix: '/api/execute',
    params: async () => ({}),
    body: async (c) => ({
      workspaceId: c.workspaceId,
      request: { v: 1, id: 'walker', method: 'GET', url: 'http://127.0.0.1:9/' },
    }),
  },
];

/**
 * Workspace write routes a viewer may call (viewers read and execute). Anything else that writes with
 * `minRole: 'viewer'` fails the route-table test. `METHOD url` → why.
 */
export const viewerWriteAllowList: Record<string, string> = {
  'POST /api/workspaces/:id/leave': 'anyone may leave a workspace',
  'POST /api/execute': 'viewers read and execute (PRODUCT.md)',
  'POST /api/oauth2/token': 'viewers execute requests; this one gets a token (no content, no history)',
  'POST /api/requests/:id/execute': 'viewers read and execute (PRODUCT.md)',
  'POST /api/collections/:id/runs': 'viewers read and execute: running a collection changes no content',
  'POST /api/runs/:id/cancel':
    'a viewer may cancel the runs they started (the service refuses anyone else’s)',
  'PUT /api/workspaces/:id/preferences':
    "a member's own choice (the active environment); changes no shared content",
};
