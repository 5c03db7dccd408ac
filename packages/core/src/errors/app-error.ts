/** Every error code the product can return; each maps to exactly one HTTP status. */
export const AppErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  INVALID_JSON: 'INVALID_JSON',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'RATE_LIMITED',
  TARGET_FORBIDDEN: 'TARGET_FORBIDDEN',
  IMPORT_INVALID: 'IMPORT_INVALID',
  UNSUPPORTED: 'UNSUPPORTED',
  UPSTREAM_FAILED: 'UPSTREAM_FAILED',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;
export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

const statusByCode: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  TARGET_FORBIDDEN: 403,
  IMPORT_INVALID: 400,
  UNSUPPORTED: 415,
  UPSTREAM_FAILED: 502,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** HTTP status for an error code. */
export function statusForCode(code: AppErrorCode): number {
  return statusByCode[code];
}

/** The one error type of the product: a code, a message for people, optional structured details. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details: unknown;

  constructor(code: AppErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return statusForCode(this.code);
  }

  /** The wire shape: `{ error: { code, message, details? } }`. */
  toJSON(): { error: { code: AppErrorCode; message: string; details?: unknown } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

/** Narrow an unknown value to AppError. */
export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** A value-or-error result for operations where failure is a normal outcome (imports, user scripts). */
export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
