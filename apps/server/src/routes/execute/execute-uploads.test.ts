import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkspace, createSelfTargetApp, type TestApp, type TestUser } from '../../test';

let t: TestApp;
let owner: TestUser;
let workspaceId = '';
let base = '';

beforeAll(async () => {
  ({ base, ...t } = await createSelfTargetApp());
  const built = await buildWorkspace(t);
  owner = built.owner;
  workspaceId = built.workspace.id;
});
afterAll(() => t.close());

async function uploadDirs(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((n) => n.startsWith('apiplay-exec-'));
}

/** A multipart execute as the web app sends it: the JSON in `payload`, one part per `upload:` token. */
async function postMultipart(
  payload: unknown,
  files: { token: string; name: string; content: string }[],
  query = '',
) {
  const form = new FormData();
  form.set('payload', JSON.stringify(payload));
  for (const f of files) {
    form.append(f.token, new Blob([f.content], { type: 'text/plain' }), f.name);
  }
  const encoded = new Response(form);
  return t.app.inject({
    method: 'POST',
    url: `/api/execute${query}`,
    headers: { ...owner.headers, 'content-type': encoded.headers.get('content-type') ?? '' },
    payload: Buffer.from(await encoded.arrayBuffer()),
  });
}

const request = (body: unknown) => ({ v: 1, id: 'adhoc', method: 'POST', url: `${base}/echo/up`, body });

describe('POST /api/execute with uploaded files', () => {
  it('sends a formdata file part with the uploaded content, then deletes the temp folder', async () => {
    const before = await uploadDirs();
    const token = 'upload:ab12cd34/report.txt';
    const res = await postMultipart(
      {
        workspaceId,
        request: request({
          mode: 'formdata',
          formdata: [
            { key: 'note', type: 'text', value: 'hello' },
            { key: 'report', type: 'file', src: token, contentType: 'text/plain' },
          ],
        }),
      },
      [{ token, name: 'report.txt', content: 'quarterly numbers 42\n' }],
    );
    expect(res.statusCode, res.body).toBe(200);
    const { execution } = res.json();
    expect(execution.error).toBeUndefined();
    const echo = JSON.parse(execution.response.body);
    expect(echo.form).toEqual({ note: 'hello' });
    expect(echo.files).toEqual([
      { field: 'report', filename: 'report.txt', contentType: 'text/plain', size: 21 },
    ]);
    expect(echo.body).toContain('quarterly numbers 42');
    // The server-side temp path never shows in the result (nor in history).
    expect(JSON.stringify(execution.request)).not.toContain('apiplay-exec-');
    const leftover = (await uploadDirs()).filter((n) => !before.includes(n));
    expect(leftover).toEqual([]);
  });

  it('sends an uploaded binary body as is', async () => {
    const token = 'upload:zz99yy88/data.bin';
    const res = await postMultipart(
      { workspaceId, request: request({ mode: 'binary', file: { src: token } }) },
      [{ token, name: 'data.bin', content: 'raw bytes here' }],
    );
    expect(res.statusCode, res.body).toBe(200);
    const echo = JSON.parse(res.json().execution.response.body);
    expect(echo.body).toBe('raw bytes here');
    expect(echo.size).toBe(14);
  });

  it('refuses a file src that was not uploaded, naming the field, and keeps no temp folder', async () => {
    const before = await uploadDirs();
    const res = await postMultipart(
      {
        workspaceId,
        request: request({
          mode: 'formdata',
          formdata: [{ key: 'secret', type: 'file', src: '/etc/passwd' }],
        }),
      },
      [{ token: 'upload:other/x.txt', name: 'x.txt', content: 'x' }],
    );
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.message).toContain('request.body.formdata.0.src (secret)');
    expect((await uploadDirs()).filter((n) => !before.includes(n))).toEqual([]);
  });

  it('validates the payload field with the JSON contract', async () => {
    const res = await postMultipart({ workspaceId, request: { v: 1 } }, []);
    expect(res.statusCode, res.body).toBe(400);
  });

  it('refuses queueing uploads with ?async=1', async () => {
    const token = 'upload:q/a.txt';
    const res = await postMultipart(
      { workspaceId, request: request({ mode: 'binary', file: { src: token } }) },
      [{ token, name: 'a.txt', content: 'a' }],
      '?async=1',
    );
    expect(res.statusCode, res.body).toBe(400);
  });
});

describe('POST /api/execute (JSON) naming server files', () => {
  it.each([
    ['binary', { mode: 'binary', file: { src: '/etc/passwd' } }, 'request.body.file.src'],
    [
      'formdata',
      { mode: 'formdata', formdata: [{ key: 'f', type: 'file', src: '../../etc/passwd' }] },
      'request.body.formdata.0.src (f)',
    ],
  ])('refuses a %s body path with 400 naming the field', async (_kind, body, field) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/execute',
      headers: owner.headers,
      payload: { workspaceId, request: request(body) },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.message).toContain(field);
  });

  it('never reads a server path from a saved request or a variable (transport backstop)', async () => {
    const col = await t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${workspaceId}/collections`,
      headers: owner.headers,
      payload: {
        name: 'Files',
        variables: [{ key: 'path', value: '/etc/hostname' }],
        items: [
          {
            type: 'request',
            id: 'r',
            name: 'R',
            method: 'POST',
            url: `${base}/echo/file`,
            body: { mode: 'binary', file: { src: '{{path}}' } },
          },
        ],
      },
    });
    expect(col.statusCode, col.body).toBe(201);
    const tree = await t.app.inject({
      method: 'GET',
      url: `/api/collections/${col.json().id}`,
      headers: owner.headers,
    });
    const requestId = tree.json().items[0].id;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/requests/${requestId}/execute`,
      headers: owner.headers,
      payload: {},
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().execution.response).toBeUndefined();
    expect(res.json().execution.error.code).toBe('FILE_FORBIDDEN');
  });
});
