import type { FastifyRequest } from 'fastify';
import { assertSafeInput } from '../../lib/storable-text';

/** What the echo routes send back: the request as the server received it. */
export interface EchoPayload {
  method: string;
  path: string;
  url: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  contentType: string | null;
  size: number;
  /** UTF-8 text of the body, or base64 when it is not valid UTF-8. */
  body: string;
  bodyEncoding: 'utf8' | 'base64';
  json?: unknown;
  form?: Record<string, string | string[]>;
  files?: { field: string; filename: string; contentType: string; size: number }[];
}

type Multi = Record<string, string | string[]>;

function addMulti(target: Multi, key: string, value: string): void {
  const existing = target[key];
  if (existing === undefined) {
    target[key] = value;
  } else if (Array.isArray(existing)) {
    existing.push(value);
  } else {
    target[key] = [existing, value];
  }
}

function flattenHeaders(raw: FastifyRequest['headers']): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) {
      continue;
    }
    headers[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function decodeUtf8(bytes: Buffer): { text: string; encoding: 'utf8' | 'base64' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf8' };
  } catch {
    return { text: bytes.toString('base64'), encoding: 'base64' };
  }
}

/**
 * Multipart parsing goes through the WHATWG `Response.formData()` (undici) rather than a hand-written parser.
 * A malformed body is echoed raw instead of failing, since the echo target is for debugging clients.
 */
async function parseMultipart(
  bytes: Buffer,
  contentType: string,
): Promise<Pick<EchoPayload, 'form' | 'files'>> {
  try {
    const data = await new Response(new Uint8Array(bytes), {
      headers: { 'content-type': contentType },
    }).formData();
    const form: Multi = {};
    const files: NonNullable<EchoPayload['files']> = [];
    for (const [field, value] of data.entries()) {
      if (typeof value === 'string') {
        addMulti(form, field, value);
      } else {
        files.push({ field, filename: value.name, contentType: value.type, size: value.size });
      }
    }
    return { form, files };
  } catch {
    return {};
  }
}

/** Build the echo of a request whose body was read as raw bytes (or not at all). */
export async function buildEchoPayload(
  request: FastifyRequest,
  bytes: Buffer | undefined,
): Promise<EchoPayload> {
  const url = new URL(request.url, 'http://echo.local');
  const query: Multi = {};
  for (const [key, value] of url.searchParams) {
    addMulti(query, key, value);
  }
  const contentType = request.headers['content-type'] ?? null;
  const body = bytes ?? Buffer.alloc(0);
  const decoded = decodeUtf8(body);
  const payload: EchoPayload = {
    method: request.method,
    path: url.pathname,
    url: request.url,
    query,
    headers: flattenHeaders(request.headers),
    contentType,
    size: body.length,
    body: decoded.text,
    bodyEncoding: decoded.encoding,
  };
  const mime = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (body.length > 0 && (mime === 'application/json' || mime.endsWith('+json'))) {
    try {
      const json: unknown = JSON.parse(decoded.text);
      // Nested too deep to serialize back: echoed as text only, like invalid JSON.
      assertSafeInput(json, 'body', { text: false });
      payload.json = json;
    } catch {
      // Invalid JSON is still echoed as text: clients use the echo to see exactly what they sent.
    }
  } else if (mime === 'application/x-www-form-urlencoded') {
    const form: Multi = {};
    for (const [key, value] of new URLSearchParams(decoded.text)) {
      addMulti(form, key, value);
    }
    payload.form = form;
  } else if (mime === 'multipart/form-data' && contentType) {
    Object.assign(payload, await parseMultipart(body, contentType));
  }
  return payload;
}

/** Parse a Cookie request header into name → value. */
export function parseCookieHeader(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) {
      continue;
    }
    cookies[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return cookies;
}
