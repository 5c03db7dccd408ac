import {
  AppError,
  ZIdParam,
  ZImportFormat,
  ZImportRequest,
  ZImportResponse,
  ZImportUrlRequest,
  ZImportUrlResponse,
} from '@apiplay/core';
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { enforceExecutionRate } from '../../infra/execution-rate';
import { assertPartNames, multipartFailure } from '../../lib/multipart-errors';
import { authOf } from '../../plugins/auth';
import { fetchImportUrl } from '../../services/import/fetch-import-url';
import { importIntoWorkspace } from '../../services/import/import-into-workspace';
import { errorResponses } from '../errors';

const tags = ['import'];

/** The JSON body, or the first file of a multipart upload (+ optional `format` field). */
async function readImport(req: FastifyRequest, maxBytes: number) {
  if (!req.isMultipart()) {
    const parsed = ZImportRequest.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(
        'VALIDATION_FAILED',
        `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    return parsed.data;
  }
  let content: string;
  let file: Awaited<ReturnType<FastifyRequest['file']>>;
  try {
    file = await req.file({ limits: { fileSize: maxBytes, files: 1 } });
    if (!file) {
      throw new AppError('VALIDATION_FAILED', 'file: a multipart upload needs a file part');
    }
    assertPartNames(file);
    content = (await file.toBuffer()).toString('utf8');
  } catch (e) {
    if (e instanceof Error && 'statusCode' in e && e.statusCode === 413) {
      throw new AppError('PAYLOAD_TOO_LARGE', `import is larger than ${maxBytes} bytes`);
    }
    throw multipartFailure(e);
  }
  const field = file.fields.format;
  const raw = field && !Array.isArray(field) && 'value' in field ? field.value : undefined;
  const format = raw === undefined ? undefined : ZImportFormat.safeParse(raw);
  if (format && !format.success) {
    throw new AppError('VALIDATION_FAILED', `format: unknown import format ${String(raw)}`);
  }
  return { content, format: format?.data, filename: file.filename };
}

/** `POST /api/workspaces/:id/import`: any supported file → collections + environments in the workspace. */
export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  const maxBytes = app.ctx.config.importMaxBytes;
  // Scoped to this plugin: only the import route accepts uploads.
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 5 } });

  app.post(
    '/api/workspaces/:id/import',
    {
      // JSON-escaping can double the text; the importer enforces the real cap on the content itself.
      bodyLimit: maxBytes * 2 + 1024 * 1024,
      schema: {
        tags,
        summary: 'Import Postman, OpenAPI/Swagger, Insomnia, HAR or curl into the workspace',
        description:
          'JSON body `{ content, format?, filename? }` or multipart/form-data with a `file` part (and an optional `format` field). Bad input → 400 IMPORT_INVALID naming the place; over IMPORT_MAX_BYTES → 413.',
        params: ZIdParam,
        response: { 201: ZImportResponse },
      },
      config: { access: { kind: 'workspace', minRole: 'editor' } },
    },
    async (req, reply) => {
      const input = await readImport(req, maxBytes);
      const result = await importIntoWorkspace({
        db: app.ctx.db,
        box: app.ctx.secretBox,
        workspaceId: req.params.id,
        userId: authOf(req).userId,
        content: input.content,
        format: input.format,
        filename: input.filename,
        maxBytes,
      });
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/api/workspaces/:id/import/fetch',
    {
      schema: {
        tags,
        summary: 'Fetch a file to import from a URL (on the server, through the SSRF guard)',
        description:
          'Answers the file text for the import preview; POST it to …/import next. The URL, every resolved address and every redirect hop are checked like executions (403 TARGET_FORBIDDEN); a non-2xx answer or an unreachable site is 502 UPSTREAM_FAILED naming `url`; over IMPORT_MAX_BYTES → 413. Counts against the execution rate limit.',
        params: ZIdParam,
        body: ZImportUrlRequest,
        response: { 200: ZImportUrlResponse, ...errorResponses(400, 401, 403, 404, 413, 429, 502) },
      },
      config: { access: { kind: 'workspace', minRole: 'editor' } },
    },
    async (req) => {
      await enforceExecutionRate(app.ctx.rateLimiter, authOf(req).userId);
      return fetchImportUrl({
        transport: app.ctx.transport,
        url: req.body.url,
        maxBytes,
        timeoutMs: app.ctx.config.execution.timeoutMs,
      });
    },
  );
};
