import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MASKED_SECRET } from '@apiplay/core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appMeta,
  auditEvents,
  collectionItems,
  collections,
  historyEntries,
  jobs,
  runExecutions,
  runs,
} from '../../db/schema';
import { sealStoredSecrets } from '../../infra/secrets';
import {
  addMember,
  buildWorkspace,
  createSelfTargetApp,
  injectAs,
  type TestApp,
  type TestMethod,
  type TestUser,
} from '../../test';

/**
 * Issue 12 item 3: secrets never leave unmasked. The target is a loopback reflector that sends every request
 * header back as a response header and the whole request back as its body, so a secret the request carries
 * comes back in the response's headers (masked everywhere) and body (kept as received, masked for viewers).
 */

const ENV_SECRET = 'env-secret-value-7f3a9c';
const FRESH = 'script-fresh-token-2b8e41';
const COL_SECRET = 'collection-secret-5d1e77';
const FOLDER_SECRET = 'folder-secret-9c0a33';
const LIMITED = 'limited-api-key-4e6b19';
const ALL = [ENV_SECRET, FRESH, COL_SECRET, FOLDER_SECRET];

let t: TestApp;
let owner: TestUser;
let viewer: TestUser;
let workspaceId = '';
let reflector: Server;
let target = '';
const received: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  ({ ...t } = await createSelfTargetApp());
  const built = await buildWorkspace(t);
  owner = built.owner;
  workspaceId = built.workspace.id;
  viewer = await addMember(t, workspaceId, 'viewer');
  reflector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ url: req.url ?? '', headers: req.headers, body });
      for (const [name, value] of Object.entries(req.headers)) {
        if (name.startsWith('x-')) {
          res.setHeader(`x-echo-${name}`, String(value));
        }
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ url: req.url, headers: req.headers, body }));
    });
  });
  await new Promise<void>((resolve) => reflector.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(reflector.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => reflector.close(() => resolve()));
  await t.close();
});

function call(user: TestUser, method: TestMethod, url: string, payload?: unknown) {
  return injectAs(t, user, method, url, payload);
}

/** Text without any response body (bodies are kept as received). */
function withoutBodies(value: unknown): string {
  return JSON.stringify(value, (key, v) => (key === 'body' && typeof v === 'string' ? '' : v));
}

function expectNone(text: string, secrets: readonly string[] = ALL) {
  for (const s of secrets) {
    expect(text).not.toContain(s);
  }
}

// Pre-request: a script stores a fresh token in a secret variable. Test: the secrets go into assertion names,
// assertion errors, the console, and a thrown error. `rev` shows what a script read, reversed, so the masking of
// results cannot hide what the sandbox saw.
const PRE = `pm.environment.set('later', '${FRESH}');`;
const TEST = `
const token = pm.environment.get('token');
const rev = (s) => String(s).split('').reverse().join('');
pm.test('token is ' + token, () => { pm.expect(token).to.equal('something else'); });
pm.test('fresh is ' + pm.environment.get('later'), () => { throw new Error('bad ' + pm.environment.get('later')); });
console.log('seen', token, pm.collectionVariables.get('colSecret'), pm.variables.get('folderSecret'));
console.log('rev', rev(token), rev(pm.collectionVariables.get('colSecret')), rev(pm.variables.get('folderSecret')));
console.log('all', rev(JSON.stringify(pm.environment.toObject())), rev(pm.variables.replaceIn('{{token}}')));
throw new Error('failed with ' + token);
`;

describe('secrets never leave unmasked', () => {
  let envId = '';
  let collectionId = '';
  let folderId = '';
  let requestId = '';

  beforeAll(async () => {
    const env = await call(owner, 'POST', `/api/workspaces/${workspaceId}/environments`, {
      name: 'Secrets',
      variables: [
        { key: 'token', value: ENV_SECRET, secret: true },
        { key: 'later', value: 'placeholder-value', secret: true },
      ],
    });
    expect(env.statusCode, env.body).toBe(201);
    envId = env.json().id;
    const created = await call(owner, 'POST', `/api/workspaces/${workspaceId}/collections`, {
      name: 'Leaky',
      variables: [{ key: 'colSecret', value: COL_SECRET, secret: true }],
      items: [
        {
          type: 'folder',
          id: 'f',
          name: 'Folder',
          variables: [{ key: 'folderSecret', value: FOLDER_SECRET, secret: true }],
          items: [
            {
              type: 'request',
              id: 'r',
              name: 'Reflect',
              method: 'POST',
              url: `${target}/r?t={{token}}&c={{colSecret}}`,
              headers: [
                { key: 'X-Token', value: '{{token}}' },
                { key: 'X-Later', value: '{{later}}' },
                { key: 'X-Folder', value: '{{folderSecret}}' },
              ],
              body: { mode: 'raw', raw: '{"c":"{{colSecret}}","f":"{{folderSecret}}"}', language: 'json' },
              scripts: { preRequest: PRE, test: TEST },
            },
          ],
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    collectionId = created.json().id;
    const tree = (await call(owner, 'GET', `/api/collections/${collectionId}`)).json();
    folderId = tree.items[0].id;
    requestId = tree.items[0].items[0].id;
  });

  it('masks every part of an execution but its body: reply, history rows, the async job result', async () => {
    const res = await call(owner, 'POST', `/api/requests/${requestId}/execute`, { environmentId: envId });
    expect(res.statusCode, res.body).toBe(200);
    const { execution, historyId } = res.json();
    // The secrets really went out and came back (headers reflected, assertions named, console, failure).
    expect(execution.response.headers).toContainEqual({ key: 'x-echo-x-token', value: MASKED_SECRET });
    expect(execution.response.headers).toContainEqual({ key: 'x-echo-x-later', value: MASKED_SECRET });
    expect(execution.assertions.map((a: { name: string }) => a.name)).toEqual([
      `token is ${MASKED_SECRET}`,
      `fresh is ${MASKED_SECRET}`,
    ]);
    expect(execution.assertions[1].error).toBe(`bad ${MASKED_SECRET}`);
    expect(execution.console[0].message).toContain(`seen ${MASKED_SECRET} ${MASKED_SECRET} ${MASKED_SECRET}`);
    expect(execution.scriptFailures[0].message).toContain(`failed with ${MASKED_SECRET}`);
    expectNone(withoutBodies(execution));
    // The body is what the target sent (an editor sees it as received).
    expect(execution.response.body).toContain(ENV_SECRET);

    await t.app.ctx.history.flush();
    const [row] = await t.ctx.db.select().from(historyEntries).where(eq(historyEntries.id, historyId));
    expect(row).toBeDefined();
    expectNone(withoutBodies({ ...row, body: '' }));
    expect(row?.body).toContain(ENV_SECRET);

    const queued = await call(owner, 'POST', `/api/requests/${requestId}/execute?async=1`, {
      environmentId: envId,
    });
    expect(queued.statusCode, queued.body).toBe(202);
    await t.app.ctx.jobs.drain();
    const [job] = await t.ctx.db.select().from(jobs).where(eq(jobs.id, queued.json().jobId));
    expect(job?.status, job?.error ?? '').toBe('completed');
    expectNone(withoutBodies(job?.result));
  });

  it('masks run records and the run report; a viewer reading the run sees bodies masked too', async () => {
    const run = await call(owner, 'POST', `/api/collections/${collectionId}/runs`, { environmentId: envId });
    expect(run.statusCode, run.body).toBe(202);
    await t.app.ctx.jobs.drain();
    const runId = run.json().runId;
    const rows = await t.ctx.db.select().from(runExecutions).where(eq(runExecutions.runId, runId));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.execution.assertions[0]?.name).toBe(`token is ${MASKED_SECRET}`);
    expectNone(withoutBodies(rows));
    const [report] = await t.ctx.db.select().from(runs).where(eq(runs.id, runId));
    expectNone(withoutBodies(report));
    const seen = await call(viewer, 'GET', `/api/runs/${runId}`);
    expect(seen.statusCode, seen.body).toBe(200);
    expectNone(seen.body, [ENV_SECRET, COL_SECRET, FOLDER_SECRET]);
    const history = await call(viewer, 'GET', `/api/workspaces/${workspaceId}/history?limit=50`);
    expectNone(history.body, [ENV_SECRET, COL_SECRET, FOLDER_SECRET]);
  });

  it("runs a viewer's scripts on masked values while the request still carries the real ones", async () => {
    const before = received.length;
    const res = await call(viewer, 'POST', `/api/requests/${requestId}/execute`, { environmentId: envId });
    expect(res.statusCode, res.body).toBe(200);
    const { execution } = res.json();
    // The target got the real values.
    const sent = received[before];
    expect(sent?.headers['x-token']).toBe(ENV_SECRET);
    expect(sent?.headers['x-folder']).toBe(FOLDER_SECRET);
    expect(sent?.body).toContain(COL_SECRET);
    // The scripts read masks (reversed, a real value would not have been masked back).
    const reversed = (s: string) => s.split('').reverse().join('');
    expect(execution.console[1].message).toBe(`rev ${MASKED_SECRET} ${MASKED_SECRET} ${MASKED_SECRET}`);
    expectNone(res.body, [...ALL, ...ALL.map(reversed)]);
    // Queued by a viewer: the stored job result (body included) is what the viewer may see; another viewer
    // reading an editor's job gets it masked on read.
    const queued = await call(viewer, 'POST', `/api/requests/${requestId}/execute?async=1`, {
      environmentId: envId,
    });
    expect(queued.statusCode, queued.body).toBe(202);
    await t.app.ctx.jobs.drain();
    const [job] = await t.ctx.db.select().from(jobs).where(eq(jobs.id, queued.json().jobId));
    expect(job?.status, job?.error ?? '').toBe('completed');
    expectNone(JSON.stringify(job?.result));
    const byEditor = await call(owner, 'POST', `/api/requests/${requestId}/execute?async=1`, {
      environmentId: envId,
    });
    await t.app.ctx.jobs.drain();
    const seen = await call(viewer, 'GET', `/api/jobs/${byEditor.json().jobId}`);
    expect(seen.statusCode, seen.body).toBe(200);
    expectNone(seen.body, [ENV_SECRET, COL_SECRET, FOLDER_SECRET]);
  });

  it('stores collection and folder secrets encrypted and shows them masked; reveal is for editors and audited', async () => {
    const [col] = await t.ctx.db.select().from(collections).where(eq(collections.id, collectionId));
    expect(JSON.stringify(col?.variables)).not.toContain(COL_SECRET);
    expect(col?.variables[0]?.value).toMatch(/^enc:v1:/);
    const [folder] = await t.ctx.db.select().from(collectionItems).where(eq(collectionItems.id, folderId));
    expect(JSON.stringify(folder?.data)).not.toContain(FOLDER_SECRET);

    for (const user of [viewer, owner]) {
      const tree = await call(user, 'GET', `/api/collections/${collectionId}`);
      expect(tree.statusCode).toBe(200);
      expectNone(tree.body, [COL_SECRET, FOLDER_SECRET]);
      expect(tree.json().variables[0].value).toBe(MASKED_SECRET);
      const item = await call(user, 'GET', `/api/items/${folderId}`);
      expect(item.json().item.variables[0].value).toBe(MASKED_SECRET);
    }
    const forbidden = await call(viewer, 'GET', `/api/collections/${collectionId}?reveal=1`);
    expect(forbidden.statusCode).toBe(403);
    const revealed = await call(owner, 'GET', `/api/collections/${collectionId}?reveal=1`);
    expect(revealed.statusCode, revealed.body).toBe(200);
    expect(revealed.json().variables[0].value).toBe(COL_SECRET);
    expect(revealed.json().items[0].variables[0].value).toBe(FOLDER_SECRET);
    const audit = await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.targetId, collectionId));
    // One reveal event (the collection's other events — created, updated — are there too).
    expect(audit.map((a) => a.action).filter((a) => a.endsWith('.secrets_revealed'))).toEqual([
      'collection.secrets_revealed',
    ]);

    // Saving back what was shown keeps the stored value (masks round-trip), on the collection and the folder.
    const patched = await call(owner, 'PATCH', `/api/collections/${collectionId}`, {
      variables: [{ key: 'colSecret', value: MASKED_SECRET, secret: true }],
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const folderPatch = await call(owner, 'PATCH', `/api/items/${folderId}`, {
      variables: [{ key: 'folderSecret', value: MASKED_SECRET, secret: true }],
    });
    expect(folderPatch.statusCode, folderPatch.body).toBe(200);
    const again = (await call(owner, 'GET', `/api/collections/${collectionId}?reveal=1`)).json();
    expect(again.variables[0].value).toBe(COL_SECRET);
    expect(again.items[0].variables[0].value).toBe(FOLDER_SECRET);
  });

  it('seals secrets that older versions stored in clear, once, and they stay readable', async () => {
    const [legacy] = await t.ctx.db
      .insert(collections)
      .values({
        workspaceId,
        name: 'Legacy',
        auth: { type: 'none' },
        scripts: { preRequest: '', test: '' },
        variables: [
          { key: 'old', value: 'legacy-clear-secret-81', enabled: true, secret: true },
          { key: 'plain', value: 'visible', enabled: true, secret: false },
        ],
      })
      .returning();
    if (!legacy) {
      throw new Error('insert failed');
    }
    // Boot (createAppContext) already ran the sealing pass on this database and left its marker.
    const marker = await t.ctx.db.select().from(appMeta).where(eq(appMeta.key, 'secrets.sealed.v1'));
    expect(marker).toHaveLength(1);
    await t.ctx.db.delete(appMeta).where(eq(appMeta.key, 'secrets.sealed.v1'));
    const box = t.app.ctx.secretBox;
    expect(await sealStoredSecrets({ db: t.ctx.db, box })).toBeGreaterThanOrEqual(1);
    expect(await sealStoredSecrets({ db: t.ctx.db, box })).toBe(0);
    const [row] = await t.ctx.db.select().from(collections).where(eq(collections.id, legacy.id));
    expect(row?.variables[0]?.value).toMatch(/^enc:v1:/);
    expect(row?.variables[1]?.value).toBe('visible');
    const revealed = await call(owner, 'GET', `/api/collections/${legacy.id}?reveal=1`);
    expect(revealed.json().variables[0].value).toBe('legacy-clear-secret-81');
  });

  it('exports collections with secret values left empty', async () => {
    const res = await call(viewer, 'GET', `/api/collections/${collectionId}/export?format=postman`);
    expect(res.statusCode, res.body).toBe(200);
    expectNone(res.body, [COL_SECRET, FOLDER_SECRET]);
    expect(res.body).toContain('colSecret');
  });
});

describe('secret host allow-list', () => {
  let envId = '';

  beforeAll(async () => {
    const env = await call(owner, 'POST', `/api/workspaces/${workspaceId}/environments`, {
      name: 'Limited',
      variables: [
        { key: 'apiKey', value: LIMITED, secret: true, allowedHosts: ['api.example.com'] },
        { key: 'localKey', value: 'local-key-value-31', secret: true, allowedHosts: ['127.0.0.1'] },
      ],
    });
    expect(env.statusCode, env.body).toBe(201);
    envId = env.json().id;
  });

  it('refuses a request that would carry a secret to another host, before anything is sent', async () => {
    for (const request of [
      { url: `${target}/a?k={{apiKey}}` },
      { url: `${target}/h`, headers: [{ key: 'X-Key', value: '{{apiKey}}' }] },
      { url: `${target}/b`, method: 'POST', body: { mode: 'raw', raw: 'key={{apiKey}}' } },
      { url: `${target}/auth`, auth: { type: 'bearer', token: '{{apiKey}}' } },
    ]) {
      const before = received.length;
      const res = await call(owner, 'POST', '/api/execute', {
        workspaceId,
        environmentId: envId,
        request: { v: 1, id: 'x', ...request },
      });
      expect(res.statusCode, res.body).toBe(200);
      const { execution } = res.json();
      expect(execution.error?.code).toBe('SECRET_HOST_FORBIDDEN');
      expect(execution.error?.message).toContain('"apiKey"');
      expect(execution.error?.message).toContain('127.0.0.1');
      expect(received.length).toBe(before);
      expect(res.body).not.toContain(LIMITED);
    }
    // Allowed host: sent.
    const ok = await call(owner, 'POST', '/api/execute', {
      workspaceId,
      environmentId: envId,
      request: { v: 1, id: 'x', url: `${target}/ok`, headers: [{ key: 'X-Key', value: '{{localKey}}' }] },
    });
    expect(ok.json().execution.response.status).toBe(200);
  });

  it('refuses pm.sendRequest to another host too', async () => {
    const before = received.length;
    const res = await call(owner, 'POST', '/api/execute', {
      workspaceId,
      environmentId: envId,
      request: {
        v: 1,
        id: 'x',
        url: `${target}/main`,
        scripts: {
          preRequest: `pm.sendRequest({ url: '${target}/side', header: { 'X-Key': pm.environment.get('apiKey') } }, (err) => { console.log('side: ' + (err ? err.message : 'sent')); });`,
          test: '',
        },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { execution } = res.json();
    expect(execution.console[0]?.message).toMatch(/side: .*"apiKey".*127\.0\.0\.1/);
    expect(received.slice(before).map((r) => r.url)).toEqual(['/main']);
  });
});
