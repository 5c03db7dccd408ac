import { AppError, ZIdParam, ZWorkspaceFile, ZWorkspaceFileList } from '@apiplay/core';
import multipart from '@fastify/multipart';
import type { FastifyRequest, FastifyTypeProviderDefault } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertPartNames, multipartFailure } from '../../lib/multipart-errors';
import { authOf, workspaceOf } from '../../plugins/auth';
import { toWorkspaceFile } from '../../presenters/files';
import { deleteFile } from '../../services/files/delete-file';
import { getFileRow, readFile } from '../../services/files/get-file';
import { listFiles } from '../../services/files/list-files';
import { storeFile } from '../../services/files/store-file';
import { ownerOf } from '../owner-of';

const tags = ['files'];
const byFile = ownerOf('file');

/** The one file part of an upload, read whole (it is capped at FILE_MAX_BYTES while streaming). */
async function readUpload(req: FastifyRequest, maxBytes: number) {
  if (!req.isMultipart()) {
    throw new AppError('VALIDATION_FAILED', 'body: send the file as multipart/form-data with a `file` part');
  }
  try {
    const part = await req.file({ limits: { fileSize: maxBytes, files: 1 } });
    if (!part) {
      throw new AppError('VALIDATION_FAILED', 'file: a multipart upload needs a file part');
    }
    assertPartNames(part);
    const bytes = await part.toBuffer();
    return { name: part.filename, contentType: part.mimetype, bytes };
  } catch (e) {
    if (e instanceof Error && 'statusCode' in e && e.statusCode === 413) {
      throw new AppError('PAYLOAD_TOO_LARGE', `file: larger than FILE_MAX_BYTES (${maxBytes} bytes)`);
    }
    throw multipartFailure(e);
  }
}

/**
 * Files stored with saved requests: a request body names one as `src: "stored-file:<id>"` (formdata file field
 * or binary body) and every server-side send of it (Send, saved request, collection run) reads it from storage.
 */
export const fileRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  const maxBytes = ctx.config.fileMaxBytes;
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 2 } });

  app.post(
    '/api/workspaces/:id/files',
    {
      schema: {
        tags,
        summary: 'Store a file for the workspace’s saved requests',
        description:
          'multipart/form-data with one `file` part. Answers the stored file; put its `src` (`stored-file:<id>`) in a formdata file field or a binary body. Over FILE_MAX_BYTES → 413.',
        params: ZIdParam,
        response: { 201: ZWorkspaceFile },
      },
      config: { access: { kind: 'workspace', minRole: 'editor' } },
    },
    async (req, reply) => {
      const upload = await readUpload(req, maxBytes);
      const file = await storeFile({
        db: ctx.db,
        storage: ctx.storage,
        workspaceId: req.params.id,
        userId: authOf(req).userId,
        name: upload.name,
        contentType: upload.contentType,
        bytes: upload.bytes,
        maxBytes,
        ip: req.ip,
      });
      return reply.code(201).send(file);
    },
  );

  app.get(
    '/api/workspaces/:id/files',
    {
      schema: { tags, summary: 'List stored files', params: ZIdParam, response: { 200: ZWorkspaceFileList } },
      config: { access: { kind: 'workspace', minRole: 'viewer' } },
    },
    async (req) => listFiles({ db: ctx.db, workspaceId: req.params.id }),
  );

  app.get(
    '/api/files/:id',
    {
      schema: {
        tags,
        summary: 'A stored file’s name, type and size',
        params: ZIdParam,
        response: { 200: ZWorkspaceFile },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byFile } },
    },
    async (req) => {
      const row = await getFileRow({ db: ctx.db, workspaceId: workspaceOf(req).id, fileId: req.params.id });
      return toWorkspaceFile(row);
    },
  );

  // Registered without the Zod type provider: the reply is raw bytes.
  app.withTypeProvider<FastifyTypeProviderDefault>().get(
    '/api/files/:id/content',
    {
      schema: {
        tags,
        summary: 'Download a stored file',
        description:
          'Always an attachment of type application/octet-stream: stored files never render on this origin.',
        params: ZIdParam,
        response: { 200: z.string().describe('The file') },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byFile } },
    },
    async (req, reply) => {
      const { row, bytes } = await readFile({
        db: ctx.db,
        storage: ctx.storage,
        workspaceId: workspaceOf(req).id,
        fileId: (req.params as { id: string }).id,
      });
      return reply
        .type('application/octet-stream')
        .header('content-security-policy', 'sandbox')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.name)}`)
        .send(bytes);
    },
  );

  app.delete(
    '/api/files/:id',
    {
      schema: { tags, summary: 'Delete a stored file', params: ZIdParam, response: { 204: z.null() } },
      config: { access: { kind: 'workspace', minRole: 'editor', resolve: byFile } },
    },
    async (req, reply) => {
      await deleteFile({
        db: ctx.db,
        storage: ctx.storage,
        workspaceId: workspaceOf(req).id,
        fileId: req.params.id,
        userId: authOf(req).userId,
        ip: req.ip,
      });
      return reply.code(204).send(null);
    },
  );
};
