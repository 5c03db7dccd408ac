/**
 * The wire protocol between the engine (host) and the sandbox prelude (`sandbox/*.js`). Only strings cross:
 * - run()'s meta: the host's parts joined by PART (see `runMeta`, and `run` in sandbox/entry.js);
 * - values: 's' + text, 'j' + JSON, 'u' undefined (`encodeValue`/`decodeValue`, the sandbox's enc/dec);
 * - the run's summary: `{ a: [[name, passed, error, flag], …], q: request | null, s: settled, v: variable writes }`
 *   (`parseFinish`, the sandbox's summary());
 * - a request a pre-request script touched, as JSON (`requestFromSandbox`).
 */
import type { TResponseResult } from '../schema';
import type { TAssertion, TScriptKeyValue, TScriptRequest } from './types';

/** Separates the parts of run()'s meta string: JSON text never holds it raw. */
export const PART = '\u0001';

export function encodeValue(value: unknown): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value === 'string') {
    return `s${value}`;
  }
  try {
    const json = JSON.stringify(value);
    return json === undefined ? `s${String(value)}` : `j${json}`;
  } catch {
    return `s${String(value)}`;
  }
}

export function decodeValue(text: string): unknown {
  if (text.startsWith('j')) {
    try {
      return JSON.parse(text.slice(1));
    } catch {
      return text.slice(1);
    }
  }
  if (text.startsWith('s')) {
    return text.slice(1);
  }
  return undefined;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '{}';
  } catch {
    return '{}';
  }
}

function isKeyValueList(value: unknown): value is TScriptKeyValue[] {
  return (
    Array.isArray(value) &&
    value.every(
      (h: unknown) =>
        typeof h === 'object' &&
        h !== null &&
        typeof (h as { key?: unknown }).key === 'string' &&
        typeof (h as { value?: unknown }).value === 'string',
    )
  );
}

/**
 * Turn what the sandbox serialized back into a request, keeping the original's parts when a part is invalid.
 * Only scripts that touch pm.request get here, so the zod schemas (a large chunk to load) are imported on demand.
 */
export async function requestFromSandbox(parsed: unknown, original: TScriptRequest): Promise<TScriptRequest> {
  if (typeof parsed !== 'object' || parsed === null) {
    return original;
  }
  const p = parsed as Record<string, unknown>;
  const out: TScriptRequest = {
    method: typeof p.method === 'string' && p.method ? p.method : original.method,
    url: typeof p.url === 'string' ? p.url : original.url,
    headers: isKeyValueList(p.headers) ? p.headers : original.headers,
  };
  if (original.id !== undefined) {
    out.id = original.id;
  }
  if (original.name !== undefined) {
    out.name = original.name;
  }
  if (p.body !== undefined) {
    const { ZBody } = await import('../schema');
    const body = ZBody.safeParse(p.body);
    if (body.success) {
      out.body = body.data;
    } else if (original.body) {
      out.body = original.body;
    }
  } else if (original.body) {
    out.body = original.body;
  }
  return out;
}

export interface Finished {
  assertions: TAssertion[];
  request: unknown;
  /** Variable writes the sandbox had not handed over yet: `[[layer, name, encoded | null], …]`. */
  writes: unknown;
  /** The script's promise had not settled when the host ran out of work for it. */
  unsettled: boolean;
}

/**
 * The sandbox summary: `{ a: [[name, passed, error, flag], …], q: request | null, s: 1 settled | 0 awaiting,
 * v: variable writes }`; empty or unreadable text (the sandbox could not sum up) is a run with nothing to report.
 */
export function parseFinish(json: string): Finished {
  const parsed = json ? parseJson(json) : undefined;
  if (typeof parsed !== 'object' || parsed === null) {
    return { assertions: [], request: null, unsettled: false, writes: [] };
  }
  const { a, q, s, v } = parsed as { a?: unknown; q?: unknown; s?: unknown; v?: unknown };
  const assertions: TAssertion[] = [];
  for (const entry of Array.isArray(a) ? a : []) {
    if (!Array.isArray(entry)) {
      continue;
    }
    const [name, passed, error, flag] = entry as unknown[];
    const skipped = flag === 1;
    const done = flag !== 2;
    const assertion: TAssertion = { name: String(name), passed: done && passed === 1, skipped };
    if (!assertion.passed && !skipped) {
      assertion.error = done
        ? String(error ?? '') || 'Assertion failed'
        : 'The asynchronous test did not complete';
    }
    assertions.push(assertion);
  }
  return { assertions, request: q ?? null, unsettled: s === 0, writes: v };
}

/**
 * parseFinish with recent summaries kept: the scripts of a load run sum up to the same few texts run after run (the
 * same tests passing, the same writes; one text per request of the collection, the VUs taking turns), and reading
 * one again costs more than looking it up. Only summaries without a request are kept, at most MAX_KEPT_SUMMARIES of
 * up to MAX_KEPT_SUMMARY_CHARS each (past the count, all are dropped and refilled); each result gets its own
 * assertion objects (callers may keep or change them), the writes are only read.
 */
const MAX_KEPT_SUMMARIES = 64;
const MAX_KEPT_SUMMARY_CHARS = 4096;

export class FinishReader {
  private kept = new Map<string, Finished>();

  read(json: string): Finished {
    const kept = this.kept.get(json);
    if (kept !== undefined) {
      return { ...kept, assertions: kept.assertions.map((a) => ({ ...a })) };
    }
    const finished = parseFinish(json);
    if (finished.request === null && json.length <= MAX_KEPT_SUMMARY_CHARS) {
      if (this.kept.size >= MAX_KEPT_SUMMARIES) {
        this.kept.clear();
      }
      this.kept.set(json, { ...finished, assertions: finished.assertions.map((a) => ({ ...a })) });
    }
    return finished;
  }
}

/** What run()'s meta carries besides the script's context. */
export interface RunMetaParts {
  phase: string;
  /** The response's token (0: none). */
  responseToken: number;
  /** The response, only when the sandbox does not hold it already (its token changed). */
  response: TResponseResult | undefined;
  /** The sandbox's tag for the run's variable scopes (variable-sync.ts). */
  variablesTag: string;
  environmentName: string | undefined;
  cookies: unknown;
}

/**
 * run()'s second argument. Parts: phase, response token, variables tag, environment name (JSON), context cookies
 * (JSON or empty), then — only when the response changed — its status, reason, size, body encoding and time. The
 * body goes as run()'s own argument then (no copy into this string, nor out of it in the sandbox); pm.info is asked
 * of the host when a script reads it.
 */
export function runMeta(parts: RunMetaParts): string {
  const head =
    `${parts.phase}${PART}${parts.responseToken}${PART}${parts.variablesTag}${PART}` +
    `${parts.environmentName === undefined ? '""' : JSON.stringify(parts.environmentName)}${PART}` +
    `${parts.cookies ? JSON.stringify(parts.cookies) : ''}`;
  const res = parts.response;
  if (!res) {
    return head;
  }
  // A reason phrase cannot hold control characters on the wire; one built by hand loses its \u0001.
  const reason = res.statusText.includes(PART) ? res.statusText.replaceAll(PART, ' ') : res.statusText;
  return `${head}${PART}${res.status}${PART}${reason}${PART}${res.size}${PART}${res.bodyEncoding ?? ''}${PART}${res.timings.total}`;
}
