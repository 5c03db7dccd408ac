/** An error returned by the API (`{ error: { code, message, details? } }`) or a network failure. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;

  constructor(code: string, message: string, status: number, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Turn an error body into an ApiError, keeping the server's message. */
export function toApiError(status: number, body: unknown, fallback: string): ApiError {
  if (isRecord(body) && isRecord(body.error)) {
    const e = body.error;
    const code = typeof e.code === 'string' ? e.code : 'HTTP_ERROR';
    const message = typeof e.message === 'string' ? e.message : fallback;
    return new ApiError(code, message, status, e.details);
  }
  return new ApiError('HTTP_ERROR', fallback, status);
}
