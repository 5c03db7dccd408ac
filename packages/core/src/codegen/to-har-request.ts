import type { Request as HarRequest, Param, PostData } from 'har-format';
import type { PreparedBody, PreparedRequest } from '../http/types';

function contentTypeOf(req: PreparedRequest): string | undefined {
  return req.headers.find((h) => h.key.toLowerCase() === 'content-type')?.value;
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function postData(body: PreparedBody, contentType: string | undefined): PostData {
  switch (body.kind) {
    case 'text':
      return { mimeType: contentType ?? 'text/plain', text: body.text };
    case 'bytes':
      return {
        mimeType: contentType ?? 'application/octet-stream',
        text: new TextDecoder().decode(body.bytes),
      };
    case 'urlencoded':
      return {
        mimeType: 'application/x-www-form-urlencoded',
        params: body.fields.map((f) => ({ name: f.key, value: f.value })),
      };
    case 'multipart':
      return {
        mimeType: 'multipart/form-data',
        params: body.parts.map(
          (p): Param =>
            p.kind === 'file'
              ? {
                  name: p.name,
                  fileName: p.path,
                  ...(p.contentType ? { contentType: p.contentType } : {}),
                }
              : { name: p.name, value: p.value, ...(p.contentType ? { contentType: p.contentType } : {}) },
        ),
      };
    case 'file':
      // HAR has no file reference for a raw body; keep the path visible so the snippet says what to send.
      return { mimeType: contentType ?? 'application/octet-stream', text: `@${fileName(body.path)}` };
  }
}

/**
 * A prepared request as a HAR 1.2 request (the input httpsnippet and HAR export share). The query stays in
 * `url` (already encoded by whoever wrote it); `queryString` lists it for readers.
 */
export function toHarRequest(req: PreparedRequest): HarRequest {
  let queryString: { name: string; value: string }[] = [];
  try {
    queryString = [...new URL(req.url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    queryString = [];
  }
  const isMultipart = req.body?.kind === 'multipart';
  const har: HarRequest = {
    method: req.method,
    url: req.url,
    httpVersion: 'HTTP/1.1',
    cookies: [],
    // A multipart Content-Type without the boundary would be wrong in every generated snippet; clients set it.
    headers: req.headers
      .filter((h) => !(isMultipart && h.key.toLowerCase() === 'content-type'))
      .map((h) => ({ name: h.key, value: h.value })),
    queryString,
    headersSize: -1,
    bodySize: -1,
  };
  if (req.body) {
    har.postData = postData(req.body, contentTypeOf(req));
  }
  return har;
}
