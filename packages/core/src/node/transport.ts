/// <reference path="./undici-lib.d.ts" />
import { createHash, randomBytes } from 'node:crypto';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { STATUS_CODES } from 'node:http';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { rootCertificates } from 'node:tls';
import type { buildConnector as BuildConnector, Dispatcher } from 'undici';
// undici's internal files on purpose, not its public index: bundled, the index (fetch, WebSocket, caches, mocks; CommonJS,
// so not tree-shaken) made the CLI's startup import +35 ms CPU / +90 ms wall (`apiplay.js` loaded 100 → 135 ms CPU,
// eager bundle 1.08 → 1.66 MB, measured 2026-12). Multipart bodies are encoded by request-payload.ts, not FormData.
import buildConnector from 'undici/lib/core/connect.js';
import Agent from 'undici/lib/dispatcher/agent.js';
import ProxyAgent from 'undici/lib/dispatcher/proxy-agent.js';
import { sendWithAuth } from '../auth/send-with-auth';
import { jarMayHaveCookies } from '../http/cookie-jar';
import { describeBody } from '../http/sent-request';
import type { PreparedRequest, SendOptions, Transport } from '../http/types';
import { TransportError } from '../http/types';
import type { THeaderPair, TResponseResult } from '../schema';
import { abortFanout } from './abort-fanout';
import { signAwsV4 } from './aws-sigv4';
import { type AbortSource, allHeader, dispatchBuffered, firstHeader } from './buffered-dispatch';
import { parseSetCookies } from './cookies';
import { Deadline } from './deadline';
import { encodeBody, type ReadBodyResult, readBody } from './read-body';
import { materialize, mimeTypeOf, multipartBody, type Payload } from './request-payload';
import { type ExchangeMarks, ensureTimingChannels, timedConnector, withMarks } from './timings';
import { parseUrl, toTransportError } from './transport-errors';

/** Options of the Node transport (one per process or per run; it owns a keep-alive connection pool). */
export interface NodeTransportOptions {
  /** Skip TLS certificate verification (`--insecure`). */
  insecure?: boolean;
  /** Extra trusted CA certificate(s), PEM, added to Node's bundled roots. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Client certificate and key (PEM) for mutual TLS. */
  cert?: string | Buffer;
  key?: string | Buffer;
  passphrase?: string;
  /** HTTP proxy URL, e.g. http://127.0.0.1:8888. Plain-HTTP targets use absolute-form, HTTPS targets CONNECT. */
  proxy?: string;
  /**
   * Resolve host names; the connection goes to exactly the address returned (no second lookup), so an SSRF
   * guard can check and pin it. Throw to refuse a host.
   */
  lookup?: (hostname: string) => Promise<{ address: string; family: number }>;
  /**
   * Send the connections of some origins to a fixed socket address instead of resolving the host (the URL and the
   * `Host` header are unchanged): how the server reaches its own built-in targets by name. Undefined: resolve.
   */
  connectTo?: (origin: {
    protocol: string;
    hostname: string;
    port: string;
  }) => { host: string; port: number } | undefined;
  /** Base for relative multipart/binary file paths. Default: process.cwd(). */
  cwd?: string;
  /** Defaults applied when a send leaves a setting unset. */
  defaults?: Pick<SendOptions, 'timeoutMs' | 'followRedirects' | 'maxRedirects' | 'maxResponseBytes'>;
  /** Default User-Agent when the request sets none. */
  userAgent?: string;
  connectTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
}

export interface NodeTransport extends Transport {
  close(): Promise<void>;
  release(owner: object): void;
}

const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 10;
// Managed by the connection pool or computed from the body; a hand-typed value would only break the exchange.
const DROPPED_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'expect',
  'proxy-connection',
]);
const NO_BODY_STATUS = new Set([204, 205, 304]);
const DISCARDED = { body: '', encoding: 'utf8' } as const;

/** A parsed URL with what each hop reads of it, read once (URL getters cross into Node's URL internals). */
interface Target {
  url: URL;
  href: string;
  origin: string;
  /** Path and query, as the request line carries them. */
  path: string;
}

function targetOf(url: URL): Target {
  return { url, href: url.href, origin: url.origin, path: `${url.pathname}${url.search}` };
}

// Requests' URLs parsed once: a run or load test sends the same few URLs over and over. Targets are never changed.
const parsedTargets = new Map<string, Target>();
const MAX_PARSED_TARGETS = 1000;

function parsedTarget(text: string): Target {
  let target = parsedTargets.get(text);
  if (!target) {
    target = targetOf(parseUrl(text));
    if (parsedTargets.size >= MAX_PARSED_TARGETS) {
      parsedTargets.clear();
    }
    parsedTargets.set(text, target);
  }
  return target;
}

function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function nodeLookup(
  fn: NonNullable<NodeTransportOptions['lookup']>,
): (
  hostname: string,
  options: LookupOptions,
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void {
  return (hostname, options, callback) => {
    fn(hostname).then(
      (r) => {
        if (options.all) {
          callback(null, [{ address: r.address, family: r.family }]);
          return;
        }
        callback(null, r.address, r.family);
      },
      (err: unknown) => {
        const e: NodeJS.ErrnoException = err instanceof Error ? err : new Error(String(err));
        callback(e, '', 0);
      },
    );
  };
}

/**
 * The Node transport on undici: one keep-alive pool per transport (never per request), per-phase timings,
 * redirects with a per-hop check, a cookie jar, decompression, a response size cap and the deferred auth kinds.
 */
export function createNodeTransport(options: NodeTransportOptions = {}): NodeTransport {
  ensureTimingChannels();
  const cwd = options.cwd ?? process.cwd();
  const defaults = options.defaults ?? {};
  const userAgent = options.userAgent ?? 'apiplay/0.1';
  const dispatchers = new Map<string, Dispatcher>();
  // Each connection owner's dispatchers (SendOptions.connectionOwner), closed by release().
  const owned = new Map<object, Map<string, Dispatcher>>();
  // Exchanges in progress on this transport, bodies included (see `lone`).
  let inflight = 0;

  /**
   * `lone`: nothing else is in flight (a run's next step, a single Send). Such an exchange gets one kept-alive
   * connection per origin (undici's Client, not its Pool), which undici writes to at once. The Pool only hands a
   * connection back one event-loop turn after a response ends (its 'drain'), so dispatching to it sooner would
   * open a second connection: pooled sends wait that turn (≈25 µs on the runner's critical path). Concurrent sends
   * take the Pool, so nothing is ever queued behind another send.
   */
  function dispatcherFor(insecure: boolean, lone: boolean, owner?: object): Dispatcher {
    let set = dispatchers;
    if (owner) {
      // A connection owner's own set: always `lone` (one connection per origin), by TLS strictness.
      let mine = owned.get(owner);
      if (!mine) {
        mine = new Map();
        owned.set(owner, mine);
      }
      set = mine;
    }
    const key = `${insecure}:${lone}`;
    let d = set.get(key);
    if (!d) {
      d = newDispatcher(insecure, lone);
      set.set(key, d);
    }
    return d;
  }

  function newDispatcher(insecure: boolean, lone: boolean): Dispatcher {
    const tls: BuildConnector.BuildOptions = { rejectUnauthorized: !insecure };
    if (options.ca !== undefined) {
      // Node's `ca` replaces the bundled roots; keep them so public sites still verify (like newman's
      // --ssl-extra-ca-certs).
      tls.ca = [...rootCertificates, ...(Array.isArray(options.ca) ? options.ca : [options.ca])];
    }
    if (options.cert !== undefined) {
      tls.cert = options.cert;
    }
    if (options.key !== undefined) {
      tls.key = options.key;
    }
    if (options.passphrase !== undefined) {
      tls.passphrase = options.passphrase;
    }
    const keepAliveTimeout = options.keepAliveTimeoutMs ?? 4_000;
    let d: Dispatcher;
    if (options.proxy) {
      d = new ProxyAgent({ uri: options.proxy, proxyTunnel: false, requestTls: tls, keepAliveTimeout });
    } else {
      const connectOpts: BuildConnector.BuildOptions = {
        ...tls,
        timeout: options.connectTimeoutMs ?? 10_000,
      };
      if (options.lookup) {
        Object.assign(connectOpts, { lookup: nodeLookup(options.lookup) });
      }
      const connector = buildConnector(connectOpts);
      const connectTo = options.connectTo;
      d = new Agent({
        connect: timedConnector(
          connectTo
            ? (o, callback) => {
                const to = connectTo({
                  protocol: o.protocol,
                  hostname: o.hostname,
                  port: String(o.port ?? ''),
                });
                return connector(
                  to ? { ...o, hostname: to.host, host: to.host, port: String(to.port) } : o,
                  callback,
                );
              }
            : connector,
        ),
        keepAliveTimeout,
        ...(lone ? { connections: 1 } : {}),
      });
    }
    return d;
  }

  async function exchangeHops(
    req: PreparedRequest,
    opts: SendOptions,
    signal: AbortSource | undefined,
    /** true: nothing else in flight (see dispatcherFor); an object: the send's connection owner. */
    lone: boolean | object,
  ): Promise<TResponseResult> {
    const started = performance.now();
    let target = parsedTarget(req.url);
    let method = req.method;
    let headers: Array<[string, string]> = [];
    for (const h of req.headers) {
      if (!DROPPED_HEADERS.has(h.key.toLowerCase())) {
        headers.push([h.key, h.value]);
      }
    }
    let payload: Payload;
    if (req.body?.kind === 'multipart') {
      // The multipart Content-Type carries the body's boundary; a hand-typed one would lack it.
      const m = await multipartBody(req.body.parts, cwd);
      payload = m.bytes;
      headers = headers.filter(([k]) => k.toLowerCase() !== 'content-type');
      headers.push(['Content-Type', m.contentType]);
    } else {
      // Text, bytes and form fields are at hand: no await (a microtask turn per request) unless a file is read.
      const ready = materialize(req.body, cwd);
      payload = ready instanceof Promise ? await ready : ready;
      // A file body gets the type of its extension, as Postman sends it, unless the request sets one.
      const type = req.body?.kind === 'file' ? mimeTypeOf(req.body.path) : undefined;
      if (type && !headers.some(([k]) => k.toLowerCase() === 'content-type')) {
        headers.push(['Content-Type', type]);
      }
    }
    if (req.auth?.type === 'awsv4') {
      headers = signAwsV4({ method, url: target.url, headers, body: payload }, req.auth);
    }
    const follow = opts.followRedirects ?? defaults.followRedirects ?? true;
    const maxRedirects = opts.maxRedirects ?? defaults.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    const maxBytes = opts.maxResponseBytes ?? defaults.maxResponseBytes ?? DEFAULT_MAX_BYTES;
    const insecure = Boolean(opts.insecure ?? options.insecure);
    const dispatcher =
      typeof lone === 'object' ? dispatcherFor(insecure, true, lone) : dispatcherFor(insecure, lone);
    const jar = opts.cookieJar;
    const redirects: TResponseResult['redirects'] = [];
    // Described for onSent only, and only once the response is in (a form body's description costs a parse).
    let sentBody = req.body;

    for (;;) {
      const hopStart = performance.now();
      const wire: string[] = [];
      let hasUa = false;
      let hasAe = false;
      let hasAccept = false;
      let userCookie: string | undefined;
      for (const [k, v] of headers) {
        const lower = k.toLowerCase();
        if (lower === 'cookie') {
          userCookie = userCookie ? `${userCookie}; ${v}` : v;
          continue;
        }
        hasUa ||= lower === 'user-agent';
        hasAe ||= lower === 'accept-encoding';
        hasAccept ||= lower === 'accept';
        wire.push(k, v);
      }
      if (!hasUa) {
        wire.push('User-Agent', userAgent);
      }
      if (!hasAccept) {
        wire.push('Accept', '*/*');
      }
      if (!hasAe) {
        wire.push('Accept-Encoding', 'gzip, deflate, br');
      }
      const jarCookie = jar && jarMayHaveCookies(jar) ? jar.getCookieStringSync(target.href) : '';
      const cookie = userCookie && jarCookie ? `${userCookie}; ${jarCookie}` : userCookie || jarCookie;
      if (cookie) {
        wire.push('Cookie', cookie);
      }
      if (options.lookup && !options.proxy) {
        // Node skips the lookup for IP literals; ask anyway so a guard sees every address, literal or not.
        const host = target.url.hostname;
        const bare = host.startsWith('[') ? host.slice(1, -1) : host;
        if (isIP(bare) !== 0) {
          await options.lookup(bare);
        }
      }
      const marks: ExchangeMarks = { dns: 0, connect: 0, tls: 0 };
      const dispatchOpts: Dispatcher.DispatchOptions = {
        origin: target.origin,
        path: target.path,
        method,
        headers: wire,
        body: payload ?? null,
      };
      // A pooled connection that was busy is marked so until undici's pool sees its 'drain', one event-loop turn
      // after the response ends; dispatching before that turn would open a second connection (see dispatcherFor).
      if (lone === false) {
        await yieldTurn();
      }
      const res = await withMarks(marks, () =>
        dispatchBuffered(dispatcher, dispatchOpts, signal, maxBytes, opts.onRequestWritten),
      );
      const headersAt = marks.headersAt ?? performance.now();
      const status = res.statusCode;
      const setCookies = allHeader(res.headers, 'set-cookie');
      if (jar) {
        for (const c of setCookies) {
          jar.setCookieSync(c, target.href, { ignoreError: true });
        }
      }
      const location = firstHeader(res.headers, 'location');
      if (follow && location !== undefined && status >= 300 && status < 400 && status !== 304) {
        // An encoded redirect body is read and dropped (the connection stays usable).
        res.stream?.resume();
        if (redirects.length >= maxRedirects) {
          throw new TransportError('TOO_MANY_REDIRECTS', `Exceeded ${maxRedirects} redirects`);
        }
        let next: URL;
        try {
          next = new URL(location, target.url);
        } catch {
          throw new TransportError('INVALID_URL', `Invalid redirect location: ${location}`);
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          throw new TransportError('REDIRECT_BLOCKED', `Refusing redirect to ${next.protocol} URL`);
        }
        if (opts.checkRedirect && (await opts.checkRedirect(next.href)) === false) {
          throw new TransportError('REDIRECT_BLOCKED', `Redirect to ${next.href} was blocked`);
        }
        redirects.push({ url: next.href, status });
        // Like curl and Postman: 301/302/303 turn into a body-less GET; 307/308 keep method and body.
        if ((status === 301 || status === 302 || status === 303) && method !== 'GET' && method !== 'HEAD') {
          method = 'GET';
          payload = undefined;
          sentBody = undefined;
          headers = headers.filter(([k]) => k.toLowerCase() !== 'content-type');
        }
        if (next.origin !== target.origin) {
          // Credentials typed for one origin must not travel to another.
          headers = headers.filter(([k]) => {
            const lower = k.toLowerCase();
            return lower !== 'authorization' && lower !== 'cookie';
          });
        }
        target = targetOf(next);
        continue;
      }
      const noBody = method === 'HEAD' || NO_BODY_STATUS.has(status) || (status >= 100 && status < 200);
      let read: ReadBodyResult = { bytes: Buffer.alloc(0), size: 0, truncated: false };
      if (noBody) {
        res.stream?.resume();
      } else if (res.stream) {
        read = await readBody(res.stream, firstHeader(res.headers, 'content-encoding') ?? '', maxBytes);
      } else {
        const only = res.chunks.length === 1 ? res.chunks[0] : undefined;
        read = {
          bytes: only ?? Buffer.concat(res.chunks, res.size),
          size: res.size,
          truncated: res.truncated,
        };
      }
      const ended = performance.now();
      const encoded = opts.discardBody
        ? DISCARDED
        : encodeBody(read.bytes, firstHeader(res.headers, 'content-type'));
      if (opts.onSent) {
        const sent: { method: string; url: string; headers: THeaderPair[]; body?: string } = {
          method,
          url: target.href,
          headers: [],
        };
        for (let i = 0; i + 1 < wire.length; i += 2) {
          sent.headers.push({ key: wire[i] ?? '', value: wire[i + 1] ?? '' });
        }
        const bodyText = describeBody(sentBody);
        if (bodyText !== undefined) {
          sent.body = bodyText;
        }
        opts.onSent(sent);
      }
      return {
        status,
        statusText: res.statusText || STATUS_CODES[status] || '',
        httpVersion: '1.1',
        headers: res.headers,
        cookies: parseSetCookies(setCookies),
        body: encoded.body,
        bodyEncoding: encoded.encoding,
        size: read.size,
        truncated: read.truncated,
        timings: {
          dns: marks.dns,
          connect: marks.connect,
          tls: marks.tls,
          ttfb: headersAt - (marks.sentAt ?? hopStart),
          download: ended - headersAt,
          total: ended - started,
        },
        redirects,
      };
    }
  }

  /** One send, with its timeout (if any) and errors as TransportErrors: one async frame around exchangeHops. */
  async function rawSend(req: PreparedRequest, opts: SendOptions): Promise<TResponseResult> {
    const timeoutMs = opts.timeoutMs ?? defaults.timeoutMs ?? 0;
    // No timeout: the caller's signal (if any) through its light source, no timer or controller per request.
    const deadline = timeoutMs > 0 ? new Deadline(timeoutMs, opts.signal) : undefined;
    inflight += 1;
    try {
      // Through a proxy every send shares the ProxyAgent's pool.
      const owner = options.proxy ? undefined : opts.connectionOwner;
      return await exchangeHops(
        req,
        opts,
        deadline ?? (opts.signal && abortFanout(opts.signal)),
        owner ?? (inflight === 1 && !options.proxy),
      );
    } catch (err) {
      throw toTransportError(err, deadline?.timedOut ?? false, timeoutMs, Boolean(opts.signal?.aborted));
    } finally {
      inflight -= 1;
      deadline?.dispose();
    }
  }

  const platform = {
    hash: (algorithm: 'md5' | 'sha256', text: string) => createHash(algorithm).update(text).digest('hex'),
    randomHex: (bytes: number) => randomBytes(bytes).toString('hex'),
  };

  return {
    send(req, opts = {}) {
      return sendWithAuth(req, opts, rawSend, platform);
    },
    release(owner) {
      const mine = owned.get(owner);
      owned.delete(owner);
      for (const d of mine?.values() ?? []) {
        d.close().catch(() => undefined);
      }
    },
    async close() {
      const all = [...dispatchers.values()];
      for (const mine of owned.values()) {
        all.push(...mine.values());
      }
      dispatchers.clear();
      owned.clear();
      await Promise.all(all.map((d) => d.close()));
    },
  };
}
