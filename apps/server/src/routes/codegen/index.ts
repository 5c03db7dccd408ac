import { codegenTargets, ZCodegenRequest, ZCodegenResponse, ZCodegenTargetList } from '@apiplay/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { generateSnippet } from '../../services/codegen/generate-snippet';

const tags = ['codegen'];

/** Code generation: the target list and one snippet per call. */
export const codegenRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/codegen/targets',
    {
      schema: { tags, summary: 'List code generation targets', response: { 200: ZCodegenTargetList } },
      config: { access: { kind: 'user', scope: 'read', feature: 'codegen' } },
    },
    async () => ({ targets: [...codegenTargets] }),
  );
  app.post(
    '/api/codegen',
    {
      schema: {
        tags,
        summary: 'Generate code that sends a request',
        body: ZCodegenRequest,
        response: { 200: ZCodegenResponse },
      },
      config: { access: { kind: 'user', scope: 'read', feature: 'codegen' } },
    },
    async (req) => generateSnippet(req.body),
  );
};
