import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { THeaderPair } from '../schema';

export interface BufferedResponse {
  statusCode: number;
  statusText: string;
  /** In the order received, names lower-cased. */
  headers: THeaderPair[];
  chunks: Buffer[];
  /** Bytes kept (≤ the cap). */
  size: number;
  /** The body went past the cap: the rest was not read and the connection was dropped. */
  truncated: boolean;
  /**
   * Set instead of `chunks` for an encoded body (content-encoding other than identity): the cap applies to the
   * decoded bytes, so the caller decodes from this stream and stops reading (destroying it) at the cap.
   */
  stream?: Readable;
}

// Header bytes are latin1 on the wire (as undici's own parser reads them).
function parseRawHeaders(raw: Buffer[]): THeaderPair[] {
  const out: THeaderPair[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    out.push({
      key: (raw[i] ?? '').toString('latin1').toLowerCase(),
      value: (raw[i + 1] ?? '').toString('latin1'),
    });
  }
  return out;
}

const NO_BODY = new Set([204, 304]);
const isLengthMismatch = (err: Error): boolean =>
  (err as Error & { code?: string }).code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH';

/** The first value of a header (`name` lower-case). */
export function firstHeader(headers: THeaderPair[], name: string): string | undefined {
  for (const h of headers) {
    if (h.key === name) {
      return h.value;
    }
  }
  return undefined;
}

/** Every value of a header (`name` lower-case), e.g. set-cookie. */
export function allHeader(headers: THeaderPair[], name: string): string[] {
  const out: string[] = [];
  for (const h of headers) {
    if (h.key === name) {
      out.push(h.value);
    }
  }
  return out;
}

/**
 * What `dispatchBuffered` needs of an AbortSignal: the transport passes a lighter source for its own timeout
 * (no AbortController and EventTarget per request), or the caller's signal as it is.
 */
export interface AbortSource {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * One exchange through undici's dispatch API with the response body collected in memory, at most `maxBytes`
 * (past that the request is aborted, which drops the connection, and the result is flagged truncated).
 * Compared with undici's request() this skips, per request, an AsyncResource, a Readable for the body and the
 * async iteration that reads it: a noticeable share of a loopback round trip.
 * `onRequestWritten` runs as a microtask once the request is written: not inside undici's write path, which still
 * has to resume the connection (work there measurably delayed the response), but before the event loop polls
 * again — with setImmediate, a fast server's response was often handled first (≈1 request in 4 on loopback), so
 * the caller's work meant to overlap the wait (compiling the test script) landed after the response instead.
 */
export function dispatchBuffered(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  signal: AbortSource | undefined,
  maxBytes: number,
  onRequestWritten?: () => void,
): Promise<BufferedResponse> {
  return new Promise((resolve, reject) => {
    let abort: ((err?: Error) => void) | undefined;
    let settled = false;
    let response: BufferedResponse | undefined;
    const reason = (): Error =>
      signal?.reason instanceof Error ? signal.reason : new Error('Request aborted');
    const onAbort = (): void => abort?.(reason());
    const settle = (): void => {
      settled = true;
      signal?.removeEventListener('abort', onAbort);
    };
    const handler: Dispatcher.DispatchHandler = {
      onConnect(abortRequest) {
        abort = abortRequest;
        if (signal?.aborted) {
          abortRequest(reason());
        }
      },
      ...(onRequestWritten ? { onRequestSent: () => queueMicrotask(onRequestWritten) } : {}),
      onHeaders(statusCode, rawHeaders, resume, statusText) {
        if (statusCode < 200) {
          return true;
        }
        const headers = parseRawHeaders(rawHeaders as Buffer[]);
        response = { statusCode, statusText, headers, chunks: [], size: 0, truncated: false };
        const encoding = firstHeader(headers, 'content-encoding');
        if (encoding !== undefined && encoding !== 'identity') {
          response.stream = new Readable({
            read: resume,
            destroy(err, callback) {
              if (!this.readableEnded) {
                abort?.(err ?? new Error('response body dropped'));
              }
              callback(err);
            },
          });
          // Resolved now, but a caller abort (timeout) must still reach the body: the listener stays until the
          // stream closes.
          settled = true;
          response.stream.once('close', () => signal?.removeEventListener('abort', onAbort));
          resolve(response);
        }
        return true;
      },
      onData(chunk) {
        const r = response;
        if (r?.stream) {
          return r.stream.push(chunk);
        }
        if (!r || settled) {
          return true;
        }
        if (r.size + chunk.length > maxBytes) {
          const keep = maxBytes - r.size;
          if (keep > 0) {
            r.chunks.push(chunk.subarray(0, keep));
            r.size += keep;
          }
          r.truncated = true;
          settle();
          resolve(r);
          abort?.(new Error('response body over the size cap'));
          return false;
        }
        r.chunks.push(chunk);
        r.size += chunk.length;
        return true;
      },
      onComplete() {
        response?.stream?.push(null);
        if (settled) {
          return;
        }
        settle();
        if (response) {
          resolve(response);
        } else {
          reject(new Error('Response ended without a final status'));
        }
      },
      onError(err) {
        if (settled) {
          response?.stream?.destroy(err);
          return;
        }
        settle();
        // 204 and 304 never have a body, whatever Content-Length says (RFC 9110 §8.6): servers that still send
        // one are answered, as by newman and browsers, not failed.
        if (response && response.size === 0 && NO_BODY.has(response.statusCode) && isLengthMismatch(err)) {
          response.stream?.push(null);
          resolve(response);
          return;
        }
        response?.stream?.destroy(err);
        reject(err);
      },
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      dispatcher.dispatch(options, handler);
    } catch (err) {
      settle();
      reject(err);
    }
  });
}
