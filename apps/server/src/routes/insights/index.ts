import { ZIdParam, ZInsights, ZInsightsQuery } from '@apiplay/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getRequestInsights } from '../../services/insights/get-request-insights';
import { ownerOf } from '../owner-of';

const byItem = ownerOf('item');

/** Analytics from history: a saved request's latency percentiles and error rate over time. */
export const insightRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/requests/:id/insights',
    {
      schema: {
        tags: ['insights'],
        summary: "A saved request's p50/p95/p99 latency and error rate over time",
        params: ZIdParam,
        querystring: ZInsightsQuery,
        response: { 200: ZInsights },
      },
      config: { access: { kind: 'workspace', minRole: 'viewer', resolve: byItem } },
    },
    async (req) => getRequestInsights({ db: app.ctx.db, requestId: req.params.id, window: req.query.window }),
  );
};
