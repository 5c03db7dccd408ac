import { ZPublicSettings } from '@apiplay/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** What the web may read before sign-in: an explicit allow-list of the instance settings. */
export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  app.get(
    '/api/settings/public',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['settings'],
        summary: 'Public instance settings (sign-up policy, sign-in methods, modules)',
        response: { 200: ZPublicSettings },
      },
    },
    async () => {
      const s = await ctx.settings.get();
      return { signupPolicy: s.signupPolicy, passwordSignIn: s.passwordSignIn, features: s.features };
    },
  );
};
