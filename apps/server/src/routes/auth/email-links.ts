import {
  ZAcceptedAnswer,
  ZPasswordResetConfirm,
  ZPasswordResetRequest,
  ZVerifyEmailRequest,
} from '@apiplay/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf } from '../../plugins/auth';
import { requestPasswordReset } from '../../services/auth/request-password-reset';
import { resetPassword } from '../../services/auth/reset-password';
import { sendEmailVerification } from '../../services/auth/send-email-verification';
import { verifyEmail } from '../../services/auth/verify-email';
import { errorResponses } from '../errors';

const tags = ['auth'];
const pub = { access: { kind: 'public' as const } };

/** What emailed links do: password reset (request, confirm) and email verification (send, confirm). */
export const emailLinkRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ctx } = app;
  app.post(
    '/api/auth/password-reset',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Email a password reset link (valid 1 h); the same answer for every address',
        body: ZPasswordResetRequest,
        response: { 202: ZAcceptedAnswer, ...errorResponses(400, 429) },
      },
    },
    async (req, reply) => {
      const { message } = await requestPasswordReset({ ctx, input: req.body, ip: req.ip });
      return reply.status(202).send({ message });
    },
  );
  app.post(
    '/api/auth/password-reset/confirm',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Set a new password from a reset link; signs the account out everywhere',
        body: ZPasswordResetConfirm,
        response: { 204: z.null().describe('Password set'), ...errorResponses(400, 429) },
      },
    },
    async (req, reply) => {
      await resetPassword({ ctx, input: req.body, ip: req.ip });
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/auth/verify-email/send',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags,
        summary: 'Email me a link that verifies my address (valid 24 h)',
        response: {
          202: z.object({ sent: z.boolean().describe('Handed to the mail transport') }),
          ...errorResponses(401, 409, 429),
        },
      },
    },
    async (req, reply) =>
      reply.status(202).send(await sendEmailVerification({ ctx, userId: authOf(req).userId, ip: req.ip })),
  );
  app.post(
    '/api/auth/verify-email',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Verify an email address from the emailed link',
        body: ZVerifyEmailRequest,
        response: { 204: z.null().describe('Verified'), ...errorResponses(400) },
      },
    },
    async (req, reply) => {
      await verifyEmail({ ctx, token: req.body.token, ip: req.ip });
      return reply.status(204).send(null);
    },
  );
};
