import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceFiles } from '../../db/schema';
import { buildWorkspace, createSelfTargetApp, type TestApp, type TestUser } from '../../test';
import { type LoopbackS3, startLoopbackS3 } from '../../test/s3-server';

/** A multipart body as browsers encode it (undici's FormData). */
async function multipart(
  parts: { field: string; name: string; bytes: Uint8Array | string; type?: string }[],
) {
  const form = new FormData();
  for (const p of parts) {
    const part = typeof p.bytes === 'string' ? p.bytes : new Uint8Array(p.bytes);
    form.append(p.field, new Blob([part], p.type === undefined ? {} : { type: p.type }), p.name);
  }
  const encoded = new Response(form);
  return {
    contentType: encoded.headers.get('content-type') ?? '',
    payload: Buffer.from(await encoded.arrayBuffer()),
  };
}

const binary = Buffer.from([0x00, 0xff, 0x10, 0x41, 0x00, 0x0a, 0xc3, 0x28]);

// The same suite on the default local storage (DATA_DIR/blobs) and on an S3-compatible bucket.
describe.each(['local', 's3'] as const)('stored files on %s storage', (kind) => {
  let s3: LoopbackS3 | undefined;
  let t: TestApp & { base: string };
  let owner: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  let workspaceId = '';
  let otherWorkspaceId = '';

  beforeAll(async () => {
    s3 = kind === 's3' ? await startLoopbackS3() : undefined;
    // BODY_LIMIT below FILE_MAX_BYTES: a stored file may be larger than a JSON body (the upload streams).
    t = await createSelfTargetApp({ env: { FILE_MAX_BYTES: '4kb', BODY_LIMIT: '3kb', ...(s3?.env ?? {}) } });
    const built = await buildWorkspace(t);
    owner = built.owner;
    workspaceId = built.workspace.id;
    const { addMember } = await import('../../test');
    viewer = await addMember(t, workspaceId, 'viewer');
    const other = await buildWorkspace(t);
    outsider = other.owner;
    otherWorkspaceId = other.workspace.id;
  });
  afterAll(async () => {
    await t.close();
    await s3?.close();
  });

  async function upload(as: TestUser, wid: string, parts: Parameters<typeof multipart>[0]) {
    const { contentType, payload } = await multipart(parts);
    return t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${wid}/files`,
      headers: { ...as.headers, 'content-type': contentType },
      payload,
    });
  }

  async function stored(
    name: string,
    bytes: Uint8Array | string,
    type?: string,
    as = owner,
    wid = workspaceId,
  ) {
    const res = await upload(as, wid, [{ field: 'file', name, bytes, ...(type ? { type } : {}) }]);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  it('stores a file, lists it, serves it back byte for byte as an attachment, and deletes it', async () => {
    const file = await stored('payload.bin', binary, 'application/x-thing');
    expect(file).toMatchObject({
      workspaceId,
      name: 'payload.bin',
      contentType: 'application/x-thing',
      size: binary.length,
      src: `stored-file:${file.id}`,
      createdBy: owner.id,
    });
    if (s3 !== undefined) {
      // The bytes are in the bucket (s3rver's folder per key prefix), not in DATA_DIR.
      expect(existsSync(join(s3.directory, s3.bucket, 'files', workspaceId))).toBe(true);
    }
    const meta = await t.app.inject({ method: 'GET', url: `/api/files/${file.id}`, headers: viewer.headers });
    expect(meta.json()).toEqual(file);
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/workspaces/${workspaceId}/files`,
      headers: viewer.headers,
    });
    expect(list.json().items.map((f: { id: string }) => f.id)).toContain(file.id);
    const content = await t.app.inject({
      method: 'GET',
      url: `/api/files/${file.id}/content`,
      headers: viewer.headers,
    });
    expect(content.statusCode).toBe(200);
    expect(content.rawPayload.equals(binary)).toBe(true);
    expect(content.headers['content-type']).toBe('application/octet-stream');
    expect(content.headers['content-disposition']).toBe("attachment; filename*=UTF-8''payload.bin");
    expect(content.headers['content-security-policy']).toBe('sandbox');
    // Viewers read files but do not store or delete them.
    expect(
      (await upload(viewer, workspaceId, [{ field: 'file', name: 'v.txt', bytes: 'v' }])).statusCode,
    ).toBe(403);
    const viewerDelete = await t.app.inject({
      method: 'DELETE',
      url: `/api/files/${file.id}`,
      headers: viewer.headers,
    });
    expect(viewerDelete.statusCode).toBe(403);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/files/${file.id}`,
      headers: owner.headers,
    });
    expect(del.statusCode, del.body).toBe(204);
    const gone = await t.app.inject({
      method: 'GET',
      url: `/api/files/${file.id}/content`,
      headers: owner.headers,
    });
    expect(gone.statusCode).toBe(404);
  });

  it('refuses oversized files (413 naming FILE_MAX_BYTES), NUL in names, non-multipart bodies; keeps plain names', async () => {
    const big = await upload(owner, workspaceId, [
      { field: 'file', name: 'big.bin', bytes: Buffer.alloc(4097) },
    ]);
    expect(big.statusCode, big.body).toBe(413);
    expect(big.json().error.message).toContain('FILE_MAX_BYTES');
    const exact = await upload(owner, workspaceId, [
      { field: 'file', name: 'max.bin', bytes: Buffer.alloc(4096, 1) },
    ]);
    expect(exact.statusCode, exact.body).toBe(201);
    const nul = await upload(owner, workspaceId, [{ field: 'file', name: 'a\u0000b.txt', bytes: 'x' }]);
    expect(nul.statusCode, nul.body).toBe(400);
    expect(nul.json().error.message).toContain('filename');
    const json = await t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${workspaceId}/files`,
      headers: owner.headers,
      payload: { name: 'x', content: 'y' },
    });
    expect(json.statusCode).toBe(400);
    const empty = await multipart([]);
    const none = await t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${workspaceId}/files`,
      headers: { ...owner.headers, 'content-type': empty.contentType },
      payload: empty.payload,
    });
    expect(none.statusCode, none.body).toBe(400);
    // A path as a file name keeps its last segment only; a bad media type becomes octet-stream.
    const pathy = await stored('../../etc/passwd', 'x', 'text/plain\r\nX-Injected: 1');
    expect(pathy).toMatchObject({ name: 'passwd', contentType: 'application/octet-stream' });
    expect((await stored('..', 'x')).name).toBe('file');
  });

  it("answers 404 for another workspace's file, on every route", async () => {
    const theirs = await stored('theirs.txt', 'not yours', 'text/plain', outsider, otherWorkspaceId);
    for (const [method, url] of [
      ['GET', `/api/files/${theirs.id}`],
      ['GET', `/api/files/${theirs.id}/content`],
      ['DELETE', `/api/files/${theirs.id}`],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: owner.headers });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
  });

  it('sends stored files from a saved request (formdata and binary), a direct Send and an async job', async () => {
    const report = await stored('report.csv', 'a,b\n1,2\n', 'text/csv');
    const raw = await stored('raw.bin', binary);
    const col = await t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${workspaceId}/collections`,
      headers: owner.headers,
      payload: {
        name: 'Uploads',
        items: [
          {
            type: 'request',
            id: 'form',
            name: 'Form',
            method: 'POST',
            url: `${t.base}/echo/form`,
            body: {
              mode: 'formdata',
              formdata: [
                { key: 'note', type: 'text', value: 'hi' },
                { key: 'report', type: 'file', src: report.src, contentType: 'text/csv' },
              ],
            },
          },
          {
            type: 'request',
            id: 'bin',
            name: 'Binary',
            method: 'PUT',
            url: `${t.base}/echo/bin`,
            body: { mode: 'binary', file: { src: raw.src } },
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
    const [form, bin] = tree.json().items;
    expect(bin.body.file.src).toBe(raw.src);
    const before = (await readdir(tmpdir())).filter((n) => n.startsWith('apiplay-exec-'));

    const sentForm = await t.app.inject({
      method: 'POST',
      url: `/api/requests/${form.id}/execute`,
      headers: viewer.headers,
      payload: {},
    });
    expect(sentForm.statusCode, sentForm.body).toBe(200);
    const formEcho = JSON.parse(sentForm.json().execution.response.body);
    expect(formEcho.form).toEqual({ note: 'hi' });
    expect(formEcho.files).toEqual([
      { field: 'report', filename: 'report.csv', contentType: 'text/csv', size: 8 },
    ]);
    // What the result (and history) shows is the reference, never the temp copy's path.
    expect(JSON.stringify(sentForm.json().execution)).not.toContain('apiplay-exec-');

    const sentBin = await t.app.inject({
      method: 'POST',
      url: `/api/requests/${bin.id}/execute`,
      headers: owner.headers,
      payload: {},
    });
    expect(sentBin.statusCode, sentBin.body).toBe(200);
    const binEcho = JSON.parse(sentBin.json().execution.response.body);
    expect(binEcho.size).toBe(binary.length);

    const direct = await t.app.inject({
      method: 'POST',
      url: '/api/execute',
      headers: owner.headers,
      payload: {
        workspaceId,
        request: {
          v: 1,
          id: 'd',
          method: 'POST',
          url: `${t.base}/echo/d`,
          body: { mode: 'binary', file: { src: report.src } },
        },
      },
    });
    expect(direct.statusCode, direct.body).toBe(200);
    expect(JSON.parse(direct.json().execution.response.body).body).toBe('a,b\n1,2\n');

    const queued = await t.app.inject({
      method: 'POST',
      url: `/api/requests/${bin.id}/execute?async=1`,
      headers: owner.headers,
      payload: {},
    });
    expect(queued.statusCode, queued.body).toBe(202);
    await t.ctx.jobs.drain();
    const job = await t.app.inject({
      method: 'GET',
      url: `/api/jobs/${queued.json().jobId}`,
      headers: owner.headers,
    });
    expect(JSON.parse(job.json().result.execution.response.body).size).toBe(binary.length);
    // Every temp copy is gone once the sends are over.
    const after = (await readdir(tmpdir())).filter(
      (n) => n.startsWith('apiplay-exec-') && !before.includes(n),
    );
    expect(after).toEqual([]);
  });

  it("refuses to send another workspace's file or a malformed reference: 404 / 400 naming the field", async () => {
    const theirs = await stored('theirs.bin', 'secret stuff', undefined, outsider, otherWorkspaceId);
    const send = (body: unknown) =>
      t.app.inject({
        method: 'POST',
        url: '/api/execute',
        headers: owner.headers,
        payload: { workspaceId, request: { v: 1, id: 'x', method: 'POST', url: `${t.base}/echo/x`, body } },
      });
    const foreign = await send({ mode: 'formdata', formdata: [{ key: 'f', type: 'file', src: theirs.src }] });
    expect(foreign.statusCode, foreign.body).toBe(404);
    expect(foreign.json().error.message).toBe(
      'request.body.formdata.0.src (f): no such file in this workspace',
    );
    const notUuid = await send({ mode: 'binary', file: { src: 'stored-file:../../etc/passwd' } });
    expect(notUuid.statusCode, notUuid.body).toBe(400);
    expect(notUuid.json().error.message).toContain('request.body.file.src');
  });

  it('runs a collection on the server that sends its stored file; a foreign file fails only its own request', async () => {
    const data = await stored('data.json', '{"n":42}', 'application/json');
    const theirs = await stored('theirs.json', '{}', undefined, outsider, otherWorkspaceId);
    const col = await t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${workspaceId}/collections`,
      headers: owner.headers,
      payload: {
        name: 'Run with files',
        items: [
          {
            type: 'folder',
            id: 'f',
            name: 'Folder',
            items: [
              {
                type: 'request',
                id: 'ok',
                name: 'Upload',
                method: 'POST',
                url: `${t.base}/echo/run`,
                body: { mode: 'formdata', formdata: [{ key: 'doc', type: 'file', src: data.src }] },
                scripts: {
                  preRequest: '',
                  test: "pm.test('file arrived', () => pm.expect(pm.response.json().files[0].size).to.equal(8));",
                },
              },
            ],
          },
          {
            type: 'request',
            id: 'bad',
            name: 'Foreign',
            method: 'PUT',
            url: `${t.base}/echo/foreign`,
            body: { mode: 'binary', file: { src: theirs.src } },
          },
        ],
      },
    });
    expect(col.statusCode, col.body).toBe(201);
    const started = await t.app.inject({
      method: 'POST',
      url: `/api/collections/${col.json().id}/runs`,
      headers: owner.headers,
      payload: {},
    });
    expect(started.statusCode, started.body).toBe(202);
    await t.ctx.jobs.drain();
    const run = (
      await t.app.inject({ method: 'GET', url: `/api/runs/${started.json().runId}`, headers: owner.headers })
    ).json();
    expect(run.completed).toBe(2);
    const [ok, bad] = run.executions;
    expect(ok.error).toBeUndefined();
    expect(ok.assertions).toEqual([expect.objectContaining({ name: 'file arrived', passed: true })]);
    expect(JSON.parse(ok.response.body).files[0]).toMatchObject({ field: 'doc', filename: 'data.json' });
    expect(bad.response).toBeUndefined();
    expect(bad.error.code).toBe('FILE_NOT_FOUND');
    expect(JSON.stringify(run)).not.toContain('apiplay-exec-');
    expect(JSON.stringify(run)).not.toContain('secret stuff');
  });

  it('a Postman export keeps the reference: re-imported into the workspace it still sends the file, elsewhere 404', async () => {
    const file = await stored('round.txt', 'round trip bytes', 'text/plain');
    const col = await t.app.inject({
      method: 'POST',
      url: `/api/workspaces/${workspaceId}/collections`,
      headers: owner.headers,
      payload: {
        name: 'Round trip',
        items: [
          {
            type: 'request',
            id: 'r',
            name: 'Send file',
            method: 'POST',
            url: `${t.base}/echo/round`,
            body: { mode: 'formdata', formdata: [{ key: 'f', type: 'file', src: file.src }] },
          },
        ],
      },
    });
    const exported = await t.app.inject({
      method: 'GET',
      url: `/api/collections/${col.json().id}/export?format=postman`,
      headers: owner.headers,
    });
    expect(JSON.parse(exported.body).item[0].request.body.formdata[0].src).toBe(file.src);
    const importInto = async (as: TestUser, wid: string) => {
      const imported = await t.app.inject({
        method: 'POST',
        url: `/api/workspaces/${wid}/import`,
        headers: as.headers,
        payload: { content: exported.body },
      });
      expect(imported.statusCode, imported.body).toBe(201);
      const tree = await t.app.inject({
        method: 'GET',
        url: `/api/collections/${imported.json().collections[0].id}`,
        headers: as.headers,
      });
      return t.app.inject({
        method: 'POST',
        url: `/api/requests/${tree.json().items[0].id}/execute`,
        headers: as.headers,
        payload: {},
      });
    };
    const same = await importInto(owner, workspaceId);
    expect(same.statusCode, same.body).toBe(200);
    expect(JSON.parse(same.json().execution.response.body).body).toContain('round trip bytes');
    const elsewhere = await importInto(outsider, otherWorkspaceId);
    expect(elsewhere.statusCode, elsewhere.body).toBe(404);
    expect(elsewhere.json().error.message).toContain('request.body.formdata.0.src (f): no such file');
  });

  it('deleting the workspace deletes its stored files from storage', async () => {
    const ws = await buildWorkspace(t);
    const file = await stored('gone.txt', 'bye', undefined, ws.owner, ws.workspace.id);
    const [row] = await t.ctx.db.select().from(workspaceFiles).where(eq(workspaceFiles.id, file.id));
    const key = row?.storageKey ?? '';
    expect((await t.ctx.storage.get(key))?.toString()).toBe('bye');
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/workspaces/${ws.workspace.id}`,
      headers: ws.owner.headers,
    });
    expect(del.statusCode, del.body).toBe(204);
    expect(await t.ctx.storage.get(key)).toBeNull();
  });
});
