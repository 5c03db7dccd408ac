import { AppError, type AppErrorCode, isAppError } from '@apiplay/core';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

function send(code: AppErrorCode, message: string, details?: unknown) {
  return new AppError(code, message, details);
}

function fastifyCodeToAppError(err: FastifyError): AppError | null {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return send('INVALID_JSON', 'The request body is not valid JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return send('PAYLOAD_TOO_LARGE', 'The request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return send('UNSUPPORTED', 'Unsupported content type');
    default:
      break;
  }
  const status = err.statusCode ?? 500;
  if (status === 413) {
    return send('PAYLOAD_TOO_LARGE', 'The request body is too large');
  }
  if (status === 429) {
    return send('RATE_LIMITED', 'Too many requests');
  }
  if (status === 404) {
    return send('NOT_FOUND', 'Not found');
  }
  if (status === 401) {
    return send('UNAUTHORIZED', 'Authentication required');
  }
  if (status === 415) {
    return send('UNSUPPORTED', 'Unsupported content type');
  }
  if (status >= 400 && status < 500) {
    // Fastify's own 4xx messages describe the request, not internals.
    return send('BAD_REQUEST', err.message);
  }
  return null;
}

/**
 * The one error handler: AppError → its status and `{error:{code,message,details}}`; schema validation → 400
 * naming the field; malformed JSON → 400 INVALID_JSON; too large → 413; anything else → logged 500, generic message.
 */
export function registerErrorHandler(
  app: FastifyInstance,
  opts: {
    spaFallback?: (path: string) => boolean;
    /** Where unexpected errors (the 500s) are reported besides the log (SENTRY_DSN). */
    report?: (error: unknown, request: FastifyRequest) => void;
  } = {},
): void {
  app.setErrorHandler((error: unknown, request, reply) => {
    let appError: AppError | null = null;
    if (isAppError(error)) {
      appError = error;
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const where = (error as { validationContext?: string }).validationContext ?? 'body';
      const issues = error.validation.map((v) => ({
        field: [where, ...v.instancePath.split('/').filter((p) => p !== '')].join('.'),
        message: v.message ?? 'invalid',
      }));
      const first = issues[0];
      appError = send(
        'VALIDATION_FAILED',
        first === undefined ? 'Invalid request' : `${first.field}: ${first.message}`,
        { issues },
      );
    } else if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
    } else if (error instanceof Error && 'code' in error) {
      appError = fastifyCodeToAppError(error as FastifyError);
    }
    if (appError === null) {
      request.log.error({ err: error }, 'unhandled error');
      opts.report?.(error, request);
      appError = send('INTERNAL', 'Internal server error');
    }
    if (appError.code === 'RATE_LIMITED' && !reply.hasHeader('retry-after')) {
      const retry = (appError.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retry !== undefined) {
        reply.header('retry-after', String(retry));
      }
    }
    return reply.status(appError.status).send(appError.toJSON());
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if ((request.method === 'GET' || request.method === 'HEAD') && opts.spaFallback?.(path) === true) {
      return reply.type('text/html').sendFile('index.html');
    }
    const e = send('NOT_FOUND', `Route ${request.method} ${path} not found`);
    return reply.status(404).send(e.toJSON());
  });
}
