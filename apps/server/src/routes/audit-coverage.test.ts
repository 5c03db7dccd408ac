import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../app';
import { auditEvents } from '../db/schema';
import {
  addMember,
  buildUser,
  buildWorkspace,
  createTestApp,
  makeAdmin,
  type TestApp,
  type TestUser,
} from '../test';

// Walks the live route table: every /api route that changes something, called successfully, must add an audit
// event. A new write route fails here until it has a call below (and writes its audit event) or an entry in
// `notAudited` saying why it needs none.

/** Write routes that record no audit event, and why. */
const notAudited: Record<string, string> = {
  'POST /api/auth/refresh': 'a token rotation, every few minutes per client; a re-used token is audited',
  'POST /api/execute': 'a Send is recorded in the workspace history (who, what, when), not in the audit log',
  'POST /api/requests/:id/execute': 'a Send is recorded in the workspace history, not in the audit log',
  'POST /api/codegen': 'computes a code snippet; changes nothing',
  'POST /api/workspaces/:id/import/fetch':
    'fetches a file for the import preview; changes nothing (the import is audited)',
  'PUT /api/workspaces/:id/preferences':
    "a member's own UI preference (the active environment); no shared content",
  'POST /api/oauth2/token':
    'asks a provider for a token, like a Send; nothing is stored (saving it to a request or environment is audited)',
};

interface Call {
  url: string;
  payload?: unknown;
  /** Extra headers (a multipart upload's content type). */
  headers?: Record<string, string>;
  /** Who calls (default: the owner, an instance admin). */
  as?: TestUser;
}

type Fixtures = {
  t: TestApp;
  owner: TestUser;
  workspaceId: string;
  target: string;
};

async function ok(t: TestApp, user: TestUser, method: string, url: string, payload?: unknown) {
  const res = await t.app.inject({
    method: method as 'POST',
    url,
    headers: user.headers,
    payload: payload as object,
  });
  if (res.statusCode >= 300) {
    throw new Error(`fixture ${method} ${url} → ${res.statusCode} ${res.body}`);
  }
  return (res.body === '' ? {} : res.json()) as Record<string, unknown>;
}

/** The token of the newest dev-mailbox message to `email` (no SMTP_URL: the admin panel's mailbox keeps it). */
async function mailedToken(f: Fixtures, email: string): Promise<string> {
  // Reset mail is sent behind the reply (the same answer time for unknown addresses): wait for it.
  for (let i = 0; i < 50; i++) {
    const mail = await f.t.app.inject({ method: 'GET', url: '/api/admin/mail', headers: f.owner.headers });
    const message = (mail.json() as { items: { to: string; text: string }[] }).items.find(
      (m) => m.to === email,
    );
    const token = /#token=(\S+)/.exec(message?.text ?? '')?.[1];
    if (token !== undefined) {
      return token;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail to ${email}`);
}

const collection = async (f: Fixtures) =>
  String((await ok(f.t, f.owner, 'POST', `/api/workspaces/${f.workspaceId}/collections`, { name: 'C' })).id);
const request = async (f: Fixtures) => {
  const body = await ok(f.t, f.owner, 'POST', `/api/collections/${await collection(f)}/items`, {
    type: 'request',
    name: 'R',
    request: { method: 'GET', url: f.target },
  });
  return String((body.item as { id: string }).id);
};
const environment = async (f: Fixtures) =>
  String((await ok(f.t, f.owner, 'POST', `/api/workspaces/${f.workspaceId}/environments`, { name: 'E' })).id);
const member = async (f: Fixtures, role = 'editor') => addMember(f.t, f.workspaceId, role as 'editor');
/** A multipart body with one file part, as `POST /api/workspaces/:id/files` takes it. */
const upload = async () => {
  const form = new FormData();
  form.set('file', new Blob(['audited file']), 'audited.txt');
  const encoded = new Response(form);
  return {
    payload: Buffer.from(await encoded.arrayBuffer()),
    headers: { 'content-type': encoded.headers.get('content-type') ?? '' },
  };
};
/** A collection whose one request goes to `path` of the target. */
const collectionTo = async (f: Fixtures, path: string) => {
  const cid = await collection(f);
  await ok(f.t, f.owner, 'POST', `/api/collections/${cid}/items`, {
    type: 'request',
    name: 'R',
    method: 'GET',
    url: `${f.target}${path}`,
  });
  return cid;
};
/** Requests the target received at /hang (it never answers them). */
let hung = 0;
/** A run whose request is in flight at the target's /hang. */
const runningRun = async (f: Fixtures) => {
  const before = hung;
  const started = await ok(
    f.t,
    f.owner,
    'POST',
    `/api/collections/${await collectionTo(f, 'hang')}/runs`,
    {},
  );
  for (let i = 0; i < 200 && hung === before; i++) {
    await new Promise((r) => setTimeout(r, 25));
  }
  if (hung === before) {
    throw new Error('the run never sent its request');
  }
  return String(started.runId);
};

/** One successful call per audited write route: `METHOD url-pattern` → the concrete call. */
const calls: Record<string, (f: Fixtures) => Promise<Call>> = {
  'POST /api/auth/register': async () => ({
    url: '/api/auth/register',
    payload: { email: `new-${Date.now()}@example.test`, password: 'plum-velvet-42', name: 'New' },
  }),
  'POST /api/auth/login': async (f) => ({
    url: '/api/auth/login',
    payload: { email: f.owner.email, password: f.owner.password },
  }),
  'POST /api/auth/logout': async (f) => {
    const u = await buildUser(f.t);
    return { url: '/api/auth/logout', payload: { refreshToken: u.refreshToken }, as: u };
  },
  'POST /api/auth/password-reset': async (f) => ({
    url: '/api/auth/password-reset',
    payload: { email: (await buildUser(f.t)).email },
  }),
  'POST /api/auth/password-reset/confirm': async (f) => {
    const u = await buildUser(f.t);
    await ok(f.t, u, 'POST', '/api/auth/password-reset', { email: u.email });
    return {
      url: '/api/auth/password-reset/confirm',
      payload: { token: await mailedToken(f, u.email), newPassword: 'a-brand-new-passphrase' },
    };
  },
  'POST /api/auth/verify-email/send': async (f) => ({
    url: '/api/auth/verify-email/send',
    as: await buildUser(f.t),
  }),
  'POST /api/auth/verify-email': async (f) => {
    const u = await buildUser(f.t);
    await ok(f.t, u, 'POST', '/api/auth/verify-email/send');
    return { url: '/api/auth/verify-email', payload: { token: await mailedToken(f, u.email) } };
  },
  'PATCH /api/auth/me': async () => ({ url: '/api/auth/me', payload: { name: 'Renamed' } }),
  'POST /api/auth/password': async (f) => {
    const u = await buildUser(f.t);
    return {
      url: '/api/auth/password',
      payload: { currentPassword: u.password, newPassword: 'another-plum-43' },
      as: u,
    };
  },
  'POST /api/api-keys': async () => ({ url: '/api/api-keys', payload: { name: 'k' } }),
  'DELETE /api/api-keys/:id': async (f) => ({
    url: `/api/api-keys/${String((await ok(f.t, f.owner, 'POST', '/api/api-keys', { name: 'k' })).id)}`,
  }),
  'POST /api/workspaces': async () => ({ url: '/api/workspaces', payload: { name: 'W' } }),
  'PATCH /api/workspaces/:id': async (f) => ({
    url: `/api/workspaces/${f.workspaceId}`,
    payload: { name: 'W2' },
  }),
  'DELETE /api/workspaces/:id': async (f) => ({
    url: `/api/workspaces/${String((await ok(f.t, f.owner, 'POST', '/api/workspaces', { name: 'gone' })).id)}`,
  }),
  'PATCH /api/workspaces/:id/members/:userId': async (f) => ({
    url: `/api/workspaces/${f.workspaceId}/members/${(await member(f)).id}`,
    payload: { role: 'viewer' },
  }),
  'DELETE /api/workspaces/:id/members/:userId': async (f) => ({
    url: `/api/workspaces/${f.workspaceId}/members/${(await member(f)).id}`,
  }),
  'POST /api/workspaces/:id/leave': async (f) => ({
    url: `/api/workspaces/${f.workspaceId}/leave`,
    as: await member(f),
  }),
  'POST /api/workspaces/:id/invitations': async (f) => ({
    url: `/api/workspaces/${f.workspaceId}/invitations`,
    payload: { email: `inv-${Date.now()}@example.test`, role: 'viewer' },
  }),
  'DELETE /api/workspaces/:id/invitations/:invitationId': async (f) => {
    const inv = await ok(f.t, f.owner, 'POST', `/api/workspaces/${f.workspaceId}/invitations`, {
      email: `inv-${Date.now()}-d@example.test`,
      role: 'viewer',
    });
    return { url: `/api/workspaces/${f.workspaceId}/invitations/${String(inv.id)}` };
  },
  'POST /api/invitations/:token/accept': async (f) => {
    const invitee = await buildUser(f.t);
    const inv = await ok(f.t, f.owner, 'POST', `/api/workspaces/${f.workspaceId}/invitations`, {
      email: invitee.email,
      role: 'viewer',
    });
    return { url: `/api/invitations/${encodeURIComponent(String(inv.token))}/accept`, as: invitee };
  },
  'POST /api/workspaces/:id/collections': async (f) => ({
    url: `/api/workspaces/${f.workspaceId}/collections`,
    payload: { name: 'C' },
  }),
  'PATCH /api/collections/:id': async (f) => ({
    url: `/api/collections/${await collection(f)}`,
    payload: { name: 'C2' },
  }),
  'DELETE /api/collections/:id': async (f) => ({ url: `/api/collections/${await collection(f)}` }),
  'POST /api/collections/:id/items': async (f) => ({
    url: `/api/collections/${await collection(f)}/items`,
    payload: { type: 'folder', name: 'F' },
  }),
  'PATCH /api/items/:id': async (f) => ({ url: `/api/items/${await request(f)}`, payload: { name: 'R2' } }),
  'DELETE /api/items/:id': async (f) => ({ url: `/api/items/${await request(f)}` }),
  'POST /api/items/:id/move': async (f) => ({
    url: `/api/items/${await request(f)}/move`,
    payload: { parentId: null, position: 0 },
  }),
  'POST /api/items/:id/duplicate': async (f) => ({ url: `/api/items/${await request(f)}/duplicate` }),
  'POST /api/requests/:id/duplicate': async (f) => ({ url: `/api/requests/${await request(f)}/duplicate` }),
  'POST /api/requests/:id/snapshots/:snapId/restore': async (f) => {
    const id = await request(f);
    const snaps = await f.t.app.inject({
      method: 'GET',
      url: `/api/requests/${id}/snapshots`,
      headers: f.owner.headers,
    });
    const snapId = (snaps.json() as { items: { id: string }[] }).items[0]?.id ?? 'none';
    return { url: `/api/requests/${id}/snapshots/${snapId}/restore` };
  },
  'POST /api/workspaces/:id/environments': async (f) => ({
    url: `/api/workspaces/${f.workspaceId}/environments`,
    payload: { name: 'E' },
  }),
  'PATCH /api/environments/:id': async (f) => ({
    url: `/api/environments/${await environment(f)}`,
    payload: { name: 'E2' },
  }),
  'DELETE /api/environments/:id': async (f) => ({ url: `/api/environments/${await environment(f)}` }),
  'PUT /api/workspaces/:id/globals': async (f) => ({
    url: `/api/workspaces/${f.workspaceId}/globals`,
    payload: { variables: [{ key: 'g', value: '1' }] },
  }),
  'DELETE /api/workspaces/:id/history': async (f) => ({ url: `/api/workspaces/${f.workspaceId}/history` }),
  'DELETE /api/history/:id': async (f) => {
    await ok(f.t, f.owner, 'POST', '/api/execute', {
      workspaceId: f.workspaceId,
      request: { v: 1, id: 'walker', method: 'GET', url: f.target },
    });
    await f.t.ctx.history.flush();
    const list = await f.t.app.inject({
      method: 'GET',
      url: `/api/workspaces/${f.workspaceId}/history`,
      headers: f.owner.headers,
    });
    return { url: `/api/history/${(list.json() as { items: { id: string }[] }).items[0]?.id ?? 'none'}` };
  },
  'PUT /api/workspaces/:id/history/settings': async (f) => ({
    url: `/api/workspaces/${f.workspaceId}/history/settings`,
    payload: { retentionDays: 7 },
  }),
  'POST /api/workspaces/:id/import': async (f) => ({
    url: `/api/workspaces/${f.workspaceId}/import`,
    payload: { content: `curl ${f.target}` },
  }),
  'POST /api/collections/:id/runs': async (f) => {
    await request(f);
    return { url: `/api/collections/${await collection(f)}/runs`, payload: {} };
  },
  'POST /api/runs/:id/cancel': async (f) => ({ url: `/api/runs/${await runningRun(f)}/cancel` }),
  'POST /api/collections/:id/load-runs': async (f) => ({
    url: `/api/collections/${await collectionTo(f, 'load')}/load-runs`,
    payload: { vus: 1, duration: '1s' },
  }),
  'POST /api/load-runs/:id/stop': async (f) => {
    const started = await ok(
      f.t,
      f.owner,
      'POST',
      `/api/collections/${await collectionTo(f, 'load')}/load-runs`,
      {
        vus: 1,
        duration: '30s',
      },
    );
    return { url: `/api/load-runs/${String(started.loadRunId)}/stop` };
  },
  'POST /api/workspaces/:id/files': async (f) => ({
    url: `/api/workspaces/${f.workspaceId}/files`,
    ...(await upload()),
  }),
  'DELETE /api/files/:id': async (f) => {
    const body = await upload();
    const res = await f.t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${f.workspaceId}/files`,
      payload: body.payload,
      headers: { ...f.owner.headers, ...body.headers },
    });
    return { url: `/api/files/${(res.json() as { id: string }).id}` };
  },
  'PATCH /api/admin/users/:id': async (f) => ({
    url: `/api/admin/users/${(await buildUser(f.t)).id}`,
    payload: { active: false },
  }),
  'POST /api/admin/users/:id/delete': async (f) => ({
    url: `/api/admin/users/${(await buildUser(f.t)).id}/delete`,
    payload: { workspaces: 'delete' },
  }),
  'PATCH /api/admin/settings': async () => ({
    url: '/api/admin/settings',
    payload: { defaultHistoryRetentionDays: 45 },
  }),
};

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe('route table: every write route records an audit event', () => {
  let t: TestApp;
  let f: Fixtures;
  let writes: RouteEntry[];
  let target: Server;

  beforeAll(async () => {
    t = await createTestApp({ env: { EXECUTION_ALLOW_PRIVATE: 'true' } });
    // `/hang` never answers: a run stays in flight until it is cancelled.
    target = createServer((req, res) => {
      if (req.url === '/hang') {
        hung++;
      } else {
        res.end('ok');
      }
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const { workspace, owner } = await buildWorkspace(t);
    await makeAdmin(t, owner);
    f = {
      t,
      owner,
      workspaceId: workspace.id,
      target: `http://127.0.0.1:${(target.address() as AddressInfo).port}/`,
    };
    writes = t.app.routeTable.filter((r) => r.url.startsWith('/api/') && writeMethods.has(r.method));
  });
  afterAll(async () => {
    target.closeAllConnections();
    target.close();
    await t.close();
  });

  it('each write route has a call here or a reason it records nothing', () => {
    const missing = writes
      .map((r) => `${r.method} ${r.url}`)
      .filter((k) => calls[k] === undefined && notAudited[k] === undefined);
    expect(missing).toEqual([]);
    expect(writes.length).toBeGreaterThan(30);
  });

  it('a successful call of each write route adds an audit event, hash-chained', async () => {
    const failures: string[] = [];
    for (const r of writes) {
      const key = `${r.method} ${r.url}`;
      const make = calls[key];
      if (make === undefined) {
        continue;
      }
      const call = await make(f);
      const [before] = await t.ctx.db.select({ n: count() }).from(auditEvents);
      const res = await t.app.inject({
        method: r.method as 'POST',
        url: call.url,
        headers: { ...(call.as ?? f.owner).headers, ...call.headers },
        payload: call.payload as object,
      });
      // Some events are written just behind the reply (a password reset request answers before it looks the
      // address up): give them a moment.
      let [after] = await t.ctx.db.select({ n: count() }).from(auditEvents);
      for (let i = 0; i < 30 && res.statusCode < 300 && Number(after?.n) <= Number(before?.n); i++) {
        await new Promise((r) => setTimeout(r, 100));
        [after] = await t.ctx.db.select({ n: count() }).from(auditEvents);
      }
      if (res.statusCode >= 300) {
        failures.push(`${key}: ${res.statusCode} ${res.body.slice(0, 160)}`);
      } else if (Number(after?.n) <= Number(before?.n)) {
        failures.push(`${key}: ${res.statusCode} but no audit event`);
      }
    }
    expect(failures).toEqual([]);
    const verify = await t.app.inject({
      method: 'GET',
      url: '/api/admin/audit/verify',
      headers: f.owner.headers,
    });
    expect(verify.json()).toMatchObject({ ok: true, problems: [] });
  });
});
