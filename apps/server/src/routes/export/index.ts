import { ZAsyncQuery, ZExportQuery, ZIdParam, ZJobAccepted } from '@apiplay/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, workspaceOf } from '../../plugins/auth';
import { exportStoredCollection } from '../../services/export/export-collection';
import { ownerOf } from '../owner-of';

const byCollection = ownerOf('collection');

const ZExportRouteQuery = z.object({ ...ZExportQuery.shape, ...ZAsyncQuery.shape });

/**
 * `GET /api/collections/:id/export?format=postman|openapi|openapi-yaml|har|curl` → a file download;
 * `&async=1` → 202 `{ jobId }`, the file (`{ format, content, filename, mimeType, warnings }`) in the job's result.
 */
export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/collections/:id/export',
    {
      schema: {
        tags: ['collections'],
        summary: 'Export a collection (Postman v2.1, OpenAPI 3.1, HAR 1.2 or curl)',
        params: ZIdParam,
        description:
          'Answers the file as a download, or with `async=1` 202 `{ jobId }`: poll GET /api/jobs/:id, whose result is `{ format, filename, mimeType, warnings, size, content }`. The file is kept in blob storage (the S3 bucket with S3_*) for 24 h; after that the result says `expired: true` and has no content.',
        querystring: ZExportRouteQuery,
        response: {
          200: z.string().describe('The exported file, as a download'),
          202: ZJobAccepted,
        },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byCollection, feature: 'export' } },
    },
    async (req, reply) => {
      if (req.query.async) {
        const jobId = await app.ctx.enqueue({
          type: 'export',
          workspaceId: workspaceOf(req).id,
          userId: authOf(req).userId,
          payload: { collectionId: req.params.id, format: req.query.format },
        });
        return reply.code(202).send({ jobId });
      }
      const file = await exportStoredCollection({
        db: app.ctx.db,
        collectionId: req.params.id,
        format: req.query.format,
      });
      return reply
        .type(file.mimeType)
        .header('content-disposition', `attachment; filename="${file.filename.replace(/["\\\r\n]/g, '_')}"`)
        .send(file.content);
    },
  );
};
