import { AppError } from '../errors';
import { TransportError } from '../http/types';

function errorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') {
    return err.code;
  }
  return undefined;
}

/** Any failure of a send as a TransportError (or the AppError a guard threw), with a stable code. */
export function toTransportError(
  err: unknown,
  timedOut: boolean,
  timeoutMs: number,
  aborted: boolean,
): Error {
  if (err instanceof TransportError || err instanceof AppError) {
    return err;
  }
  // A guard that throws from `lookup` surfaces as the socket error's cause.
  const cause = typeof err === 'object' && err !== null && 'cause' in err ? err.cause : undefined;
  if (cause instanceof AppError) {
    return cause;
  }
  if (timedOut) {
    return new TransportError('TIMEOUT', `Request timed out after ${timeoutMs} ms`, { cause: err });
  }
  if (aborted) {
    return new TransportError('ABORTED', 'Request aborted', { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  const code = errorCode(err) ?? errorCode(cause) ?? 'NETWORK_ERROR';
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return new TransportError('TIMEOUT', message, { cause: err });
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new TransportError('CONNECT_TIMEOUT', message, { cause: err });
    case 'UND_ERR_INVALID_ARG':
      return new TransportError('INVALID_REQUEST', message, { cause: err });
    case 'UND_ERR_SOCKET':
      return new TransportError(errorCode(cause) ?? 'ECONNRESET', message, { cause: err });
    default:
      return new TransportError(code, message, { cause: err });
  }
}

/** A URL the transport can send to (http or https), or a TransportError INVALID_URL. */
export function parseUrl(url: string): URL {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      throw new TransportError('INVALID_URL', `Unsupported protocol ${u.protocol} in ${url}`);
    }
    return u;
  } catch (err) {
    if (err instanceof TransportError) {
      throw err;
    }
    throw new TransportError('INVALID_URL', `Invalid URL: ${url}`);
  }
}
