import { randomBytes } from 'node:crypto';
import { extname } from 'node:path';
import type { PreparedBody, PreparedPart } from '../http/types';
import { readBodyFile } from './files';

// The types Postman's runtime (form-data / mime-types) gives the common file extensions.
const MIME_BY_EXT: Record<string, string> = {
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.js': 'application/javascript',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
};

/** The content type Postman sends for a file, from its extension; undefined when it does not know it. */
export function mimeTypeOf(path: string): string | undefined {
  return MIME_BY_EXT[extname(path).toLowerCase()];
}

const quoted = (s: string): string => s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/**
 * A multipart/form-data body as Postman sends it: text parts without a filename (a Content-Type line only when
 * the part has one), file parts with their name and a type from the extension.
 */
export async function multipartBody(
  parts: readonly PreparedPart[],
  cwd: string,
): Promise<{ bytes: Buffer; contentType: string }> {
  const boundary = `--------------------------${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(p.name)}"`;
    let content: Buffer;
    if (p.kind === 'text') {
      head += p.contentType ? `\r\nContent-Type: ${p.contentType}` : '';
      content = Buffer.from(p.value, 'utf8');
    } else {
      const file = await readBodyFile(p.path, cwd);
      const type = p.contentType ?? mimeTypeOf(file.name) ?? 'application/octet-stream';
      head += `; filename="${quoted(p.filename ?? file.name)}"\r\nContent-Type: ${type}`;
      content = file.bytes;
    }
    chunks.push(Buffer.from(`${head}\r\n\r\n`, 'utf8'), content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { bytes: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** What undici is handed as a request body. */
export type Payload = string | Buffer | undefined;

/** The prepared body as undici sends it (files read relative to `cwd`). */
export function materialize(body: PreparedBody | undefined, cwd: string): Payload | Promise<Payload> {
  if (!body) {
    return undefined;
  }
  switch (body.kind) {
    case 'text':
      return body.text;
    case 'bytes':
      return Buffer.from(body.bytes.buffer, body.bytes.byteOffset, body.bytes.byteLength);
    case 'urlencoded':
      // Percent-encoded as Postman sends it (a space is %20, not +).
      return body.fields.map((f) => `${encodeURIComponent(f.key)}=${encodeURIComponent(f.value)}`).join('&');
    case 'file':
      return readBodyFile(body.path, cwd).then((f) => f.bytes);
    case 'multipart':
      // The caller sends the Content-Type with the boundary: see multipartBody.
      return multipartBody(body.parts, cwd).then((m) => m.bytes);
  }
}
