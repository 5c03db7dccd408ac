import { ZExportQuery, ZIdParam } from '@apiplay/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { workspaceOfCollection } from '../../services/collections/resolve-workspace';
import { exportStoredCollection } from '../../services/export/export-collection';

const byCollection = (req: FastifyRequest, ctx: AppContext) =>
  workspaceOfCollection(ctx.db, (req.params as { id?: unknown }).id);

/** `GET /api/collections/:id/export?format=postman|openapi|openapi-yaml|har|curl` → a file download. */
export async function exportRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/collections/:id/export',
    {
      schema: {
        tags: ['collections'],
        summary: 'Export a collection (Postman v2.1, OpenAPI 3.1, HAR 1.2 or curl)',
        params: ZIdParam,
        querystring: ZExportQuery,
      },
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byCollection } },
    },
    async (req, reply) => {
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
}
