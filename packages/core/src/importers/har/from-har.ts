import type { TBody, TItem } from '../../schema';
import type { ImportOutput } from '../types';
import {
  appendQuery,
  arr,
  fail,
  isObject,
  type Json,
  kv,
  obj,
  plainCollection,
  rawLanguageOf,
  requestItem,
  str,
} from '../util';

/** A HAR document (`log.entries`) or a bare HAR request object (`method` + `url` + `httpVersion`/`headers`). */
export function isHar(doc: unknown): doc is Json {
  if (!isObject(doc)) {
    return false;
  }
  if (isObject(doc.log) && Array.isArray(doc.log.entries)) {
    return true;
  }
  return isHarRequest(doc);
}

function isHarRequest(doc: Json): boolean {
  return (
    typeof doc.method === 'string' &&
    typeof doc.url === 'string' &&
    (doc.httpVersion !== undefined || Array.isArray(doc.headers))
  );
}

function body(postData: unknown, where: string): TBody {
  if (!isObject(postData)) {
    return { mode: 'none' };
  }
  const mime = str(postData.mimeType).split(';')[0]?.trim().toLowerCase() ?? '';
  const params = arr(postData.params, `${where}.params`).filter(isObject);
  if (params.length > 0 || mime === 'multipart/form-data') {
    const hasFile = params.some((p) => typeof p.fileName === 'string' && p.fileName !== '');
    if (mime === 'application/x-www-form-urlencoded' && !hasFile) {
      return { mode: 'urlencoded', urlencoded: params.map((p) => kv(str(p.name), str(p.value))) };
    }
    if (params.length > 0) {
      return {
        mode: 'formdata',
        formdata: params.map((p) =>
          typeof p.fileName === 'string' && p.fileName !== ''
            ? {
                key: str(p.name),
                type: 'file' as const,
                value: '',
                src: p.fileName,
                enabled: true,
                ...(typeof p.contentType === 'string' ? { contentType: p.contentType } : {}),
              }
            : { key: str(p.name), type: 'text' as const, value: str(p.value), enabled: true },
        ),
      };
    }
  }
  const text = str(postData.text);
  if (text === '') {
    return { mode: 'none' };
  }
  if (mime === 'application/x-www-form-urlencoded') {
    const rows = [...new URLSearchParams(text)].map(([k, v]) => kv(k, v));
    return { mode: 'urlencoded', urlencoded: rows };
  }
  return { mode: 'raw', raw: text, language: rawLanguageOf(mime) };
}

function requestFrom(req: Json, where: string, warnings: string[]): TItem | undefined {
  const rawUrl = str(req.url);
  if (rawUrl === '') {
    warnings.push(`${where}.url: empty URL, entry skipped`);
    return undefined;
  }
  let url = rawUrl;
  if (!url.includes('?')) {
    const q = arr(req.queryString, `${where}.queryString`).filter(isObject);
    url = appendQuery(
      url,
      q.map((p) => ({ key: str(p.name), value: str(p.value) })),
    );
  }
  const method = str(req.method, 'GET');
  let name = url;
  try {
    const parsed = new URL(url);
    name = `${method.toUpperCase()} ${parsed.host}${parsed.pathname}`;
  } catch {
    name = `${method.toUpperCase()} ${url}`;
  }
  return requestItem({
    name,
    method: /^[A-Za-z][A-Za-z0-9_-]*$/.test(method) ? method.toUpperCase() : 'GET',
    url,
    // HTTP/2 pseudo-headers (`:authority`) are transport details, not request headers.
    headers: arr(req.headers, `${where}.headers`)
      .filter(isObject)
      .filter((h) => !str(h.name).startsWith(':'))
      .map((h) => kv(str(h.name), str(h.value))),
    body: body(req.postData, `${where}.postData`),
  });
}

/** Import a HAR 1.2 capture: one request per entry, in one collection. */
export function fromHar(input: unknown, filename?: string): ImportOutput {
  const doc = obj(input, '(root)');
  if (!isHar(doc)) {
    fail('log.entries', 'expected a HAR log with entries');
  }
  const warnings: string[] = [];
  const items: TItem[] = [];
  let name = filename ?? 'HAR import';
  if (isObject(doc.log)) {
    const log = doc.log;
    if (isObject(log.creator) && typeof log.creator.name === 'string' && !filename) {
      name = `HAR from ${log.creator.name}`;
    }
    for (const [i, e] of arr(log.entries, 'log.entries').entries()) {
      const entry = obj(e, `log.entries[${i}]`);
      const item = requestFrom(
        obj(entry.request, `log.entries[${i}].request`),
        `log.entries[${i}].request`,
        warnings,
      );
      if (item) {
        items.push(item);
      }
    }
  } else {
    const item = requestFrom(doc, '(root)', warnings);
    if (item) {
      items.push(item);
    }
  }
  return { collections: [plainCollection(name, items)], environments: [], warnings };
}
