import { type PreparedBody, type SendOptions, type Transport, TransportError } from '@apiplay/core';
import { createNodeTransport } from '@apiplay/core/node';
import {
  builtinConnectTo,
  createGuardedResolver,
  EXECUTION_CAPS,
  type Resolve,
  type SsrfPolicy,
} from '../ssrf';
import { isUploadPath } from './upload-dir';

function filePaths(body: PreparedBody | undefined): string[] {
  if (body?.kind === 'file') {
    return [body.path];
  }
  if (body?.kind === 'multipart') {
    return body.parts.flatMap((p) => (p.kind === 'file' ? [p.path] : []));
  }
  return [];
}

/**
 * The backstop behind the execute route's 400: whatever produced the path (a saved request, a variable, a script's
 * sendRequest, a collection run), only files uploaded with the request may be read — never the server's own disk.
 */
function checkFiles(body: PreparedBody | undefined): void {
  for (const path of filePaths(body)) {
    if (!isUploadPath(path)) {
      throw new TransportError(
        'FILE_FORBIDDEN',
        `Body file "${path}" was not uploaded with the request; the server does not read its own files`,
      );
    }
  }
}

/** The options a send may set as it likes; every other SendOptions key is capped or wrapped below. */
type PassedThrough =
  | 'followRedirects'
  | 'signal'
  | 'cookieJar'
  | 'authCache'
  | 'insecure'
  | 'onSent'
  | 'onRequestWritten'
  | 'connectionOwner'
  | 'discardBody';
type Capped = 'timeoutMs' | 'maxRedirects' | 'maxResponseBytes' | 'checkRedirect';
// Fails to compile when SendOptions gains a key that is neither passed through nor capped: decide which.
const everyOptionHandled: Record<Exclude<keyof SendOptions, PassedThrough | Capped>, never> = {};
void everyOptionHandled;

function cap(value: number | undefined, max: number): number {
  return value === undefined || value <= 0 || value > max ? max : value;
}

/**
 * The transport every server-side execution uses: core's undici transport with the SSRF guard's pinned lookup,
 * the first URL and every redirect hop vetted, and hard caps on time, size and redirects whatever a request asks.
 * One instance per process keeps a keep-alive pool; pins are per instance (re-checked after their TTL).
 */
export function createServerTransport(opts: {
  policy: SsrfPolicy;
  resolve?: Resolve;
  timeoutMs?: number;
}): Transport & { close(): Promise<void> } {
  const guard = createGuardedResolver(opts.policy, opts.resolve);
  const maxTime = Math.min(opts.timeoutMs ?? EXECUTION_CAPS.timeoutMs, EXECUTION_CAPS.timeoutMs);
  // core's default User-Agent: a Send from the app reaches a target exactly as `apiplay run` does (e2e differential).
  const inner = createNodeTransport({
    lookup: guard.lookup,
    // http://apiplay.internal (vetted by checkUrl: built-in paths only) connects to this server's own socket.
    connectTo: (origin) => builtinConnectTo(opts.policy, origin),
  });
  const checkHop = async (url: string): Promise<undefined> => {
    guard.checkUrl(url);
    return undefined;
  };
  return {
    async send(req, sendOpts: SendOptions = {}) {
      guard.checkUrl(req.url);
      checkFiles(req.body);
      const callerCheck = sendOpts.checkRedirect;
      // One literal of a fixed shape: spreading the caller's options and overriding four of them cost ≈8 µs
      // a send in the server (V8's slow path for a spread of varying shapes).
      const capped: SendOptions = {
        followRedirects: sendOpts.followRedirects,
        signal: sendOpts.signal,
        cookieJar: sendOpts.cookieJar,
        authCache: sendOpts.authCache,
        insecure: sendOpts.insecure,
        onSent: sendOpts.onSent,
        onRequestWritten: sendOpts.onRequestWritten,
        connectionOwner: sendOpts.connectionOwner,
        discardBody: sendOpts.discardBody,
        timeoutMs: cap(sendOpts.timeoutMs, maxTime),
        maxRedirects: Math.min(
          sendOpts.maxRedirects ?? EXECUTION_CAPS.maxRedirects,
          EXECUTION_CAPS.maxRedirects,
        ),
        maxResponseBytes: cap(sendOpts.maxResponseBytes, EXECUTION_CAPS.maxResponseBytes),
        checkRedirect: callerCheck
          ? async (url) => {
              guard.checkUrl(url);
              return callerCheck(url);
            }
          : checkHop,
      };
      return inner.send(req, capped);
    },
    release: (owner) => inner.release(owner),
    close: () => inner.close(),
  };
}
