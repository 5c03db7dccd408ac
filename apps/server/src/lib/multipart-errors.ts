import { AppError } from '@apiplay/core';
import { textProblem } from './storable-text';

/**
 * What a failure while reading a multipart body means for the caller. A body cut short or garbled (busboy's
 * "Unexpected end of form", "Malformed part header", …) is the caller's fault: 400 naming the body. An AppError,
 * a 4xx from @fastify/multipart (limits), and errors of the machine itself (disk, carrying a `syscall`) keep
 * their meaning.
 */
export function multipartFailure(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof AppError) {
    return error;
  }
  if ('statusCode' in error || 'syscall' in error) {
    return error;
  }
  return new AppError('VALIDATION_FAILED', `body: malformed multipart/form-data (${error.message})`, {
    issues: [{ field: 'body', message: 'malformed multipart/form-data' }],
  });
}

/** Refuses a part whose field name or file name holds NUL or a lone surrogate (400 naming it). */
export function assertPartNames(part: { fieldname: string; filename?: string | undefined }): void {
  for (const [field, text] of [
    ['fieldname', part.fieldname],
    ['filename', part.filename ?? ''],
  ] as const) {
    const problem = textProblem(text);
    if (problem !== null) {
      const where = `body.${field === 'fieldname' ? 'part name' : `${JSON.stringify(part.fieldname)}.filename`}`;
      throw new AppError('VALIDATION_FAILED', `${where}: ${problem}`, {
        issues: [{ field: where, message: problem }],
      });
    }
  }
}
