import diagnostics from 'node:diagnostics_channel';
import { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { buildConnector } from 'undici';

/** Phase marks of one HTTP exchange (one hop). */
export interface ExchangeMarks {
  dns: number;
  connect: number;
  tls: number;
  /** performance.now() when undici wrote the request headers. */
  sentAt?: number;
  /** performance.now() when the response headers arrived. */
  headersAt?: number;
}

interface SocketMarks {
  dns: number;
  connect: number;
  tls: number;
  /** Only the first request on a connection pays for (and reports) dns/connect/tls. */
  claimed: boolean;
}

const socketMarks = new WeakMap<object, SocketMarks>();
// An exchange's marks ride on undici's Request object itself: a WeakMap entry per request (a new key each time,
// with the GC's ephemeron work) cost ≈1% of a loopback load test's CPU.
const MARKS = Symbol('apiplay.exchangeMarks');
type Marked = { [MARKS]?: ExchangeMarks };
// undici creates its Request object synchronously inside dispatch(); the transport parks the marks of the
// exchange it is about to dispatch here so the `request:create` subscriber can bind them to that Request.
let parked: ExchangeMarks | undefined;
let subscribed = false;

function messageRequest(message: unknown): object | undefined {
  if (typeof message === 'object' && message !== null && 'request' in message) {
    const r = message.request;
    return typeof r === 'object' && r !== null ? r : undefined;
  }
  return undefined;
}

/** Subscribe once per process to undici's diagnostics channels (cheap when no exchange is tracked). */
export function ensureTimingChannels(): void {
  if (subscribed) {
    return;
  }
  subscribed = true;
  diagnostics.subscribe('undici:request:create', (message) => {
    if (parked === undefined) {
      return;
    }
    const req = messageRequest(message);
    if (req) {
      (req as Marked)[MARKS] = parked;
    }
    parked = undefined;
  });
  diagnostics.subscribe('undici:client:sendHeaders', (message) => {
    const req = messageRequest(message);
    const marks = req ? (req as Marked)[MARKS] : undefined;
    if (!marks) {
      return;
    }
    marks.sentAt = performance.now();
    const socket =
      typeof message === 'object' && message !== null && 'socket' in message ? message.socket : undefined;
    const s = typeof socket === 'object' && socket !== null ? socketMarks.get(socket) : undefined;
    if (s && !s.claimed) {
      s.claimed = true;
      marks.dns = s.dns;
      marks.connect = s.connect;
      marks.tls = s.tls;
    }
  });
  diagnostics.subscribe('undici:request:headers', (message) => {
    const req = messageRequest(message);
    const marks = req ? (req as Marked)[MARKS] : undefined;
    if (marks) {
      marks.headersAt = performance.now();
    }
  });
}

/** Run `dispatch` (which must create its undici Request synchronously) with `marks` bound to that request. */
export function withMarks<T>(marks: ExchangeMarks, dispatch: () => T): T {
  parked = marks;
  try {
    return dispatch();
  } finally {
    parked = undefined;
  }
}

/** Wrap an undici connector so each new socket records its dns/connect/tls durations. */
export function timedConnector(base: buildConnector.connector): buildConnector.connector {
  return (options, callback) => {
    const t0 = performance.now();
    const marks: SocketMarks = { dns: 0, connect: 0, tls: 0, claimed: false };
    const secure = options.protocol === 'https:';
    let tLookup = t0;
    let tConnect = 0;
    // undici's own 'connect'/'secureConnect' listener runs first and writes the request synchronously, so the
    // phase ends are taken in the callback it calls, before the request is handed the socket.
    const ret: unknown = base(options, (...args) => {
      const now = performance.now();
      if (secure) {
        const tcp = tConnect || now;
        marks.connect = tcp - tLookup;
        marks.tls = now - tcp;
      } else {
        marks.connect = now - tLookup;
      }
      callback(...args);
    });
    // undici's connector returns the socket at runtime although its type says void.
    if (!(ret instanceof Socket)) {
      return;
    }
    socketMarks.set(ret, marks);
    ret.once('lookup', () => {
      tLookup = performance.now();
      marks.dns = tLookup - t0;
    });
    ret.once('connect', () => {
      tConnect = performance.now();
    });
  };
}
