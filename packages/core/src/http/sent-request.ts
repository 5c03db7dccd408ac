import type { TSentRequest } from '../schema';
import type { PreparedBody, PreparedRequest } from './types';

/** Text form of a prepared body for reports and history (files shown by path). */
export function describeBody(body: PreparedBody | undefined): string | undefined {
  if (!body) {
    return undefined;
  }
  switch (body.kind) {
    case 'text':
      return body.text;
    case 'bytes':
      return `<${body.bytes.byteLength} bytes>`;
    case 'urlencoded':
      return new URLSearchParams(body.fields.map((f) => [f.key, f.value])).toString();
    case 'multipart':
      return body.parts
        .map((p) => (p.kind === 'file' ? `${p.name}=@${p.path}` : `${p.name}=${p.value}`))
        .join('\n');
    case 'file':
      return `@${body.path}`;
  }
}

/** The report shape of a prepared request. */
export function toSentRequest(req: PreparedRequest): TSentRequest {
  const body = describeBody(req.body);
  const sent: TSentRequest = {
    method: req.method,
    url: req.url,
    headers: req.headers.map((h) => ({ ...h })),
  };
  if (body !== undefined) {
    sent.body = body;
  }
  return sent;
}
