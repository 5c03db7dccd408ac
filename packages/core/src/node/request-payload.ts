import type { FormData as UndiciFormData } from 'undici';
import type { PreparedBody } from '../http/types';
import { readBodyFile } from './files';

/** What undici is handed as a request body. */
export type Payload = string | Buffer | UndiciFormData | undefined;

/**
 * undici's full index, for the fetch classes that only multipart bodies need (FormData, and Response to encode one
 * for SigV4): loaded on first use, see undici-lib.d.ts. A bundle exposes the CommonJS module as `default`.
 */
export async function undiciIndex(): Promise<typeof import('undici')> {
  const mod: unknown = await import('undici');
  return ((mod as { default?: unknown }).default ?? mod) as typeof import('undici');
}

/** The prepared body as undici sends it (files read relative to `cwd`). */
export async function materialize(body: PreparedBody | undefined, cwd: string): Promise<Payload> {
  if (!body) {
    return undefined;
  }
  switch (body.kind) {
    case 'text':
      return body.text;
    case 'bytes':
      return Buffer.from(body.bytes.buffer, body.bytes.byteOffset, body.bytes.byteLength);
    case 'urlencoded':
      return new URLSearchParams(body.fields.map((f) => [f.key, f.value])).toString();
    case 'file':
      return (await readBodyFile(body.path, cwd)).bytes;
    case 'multipart': {
      const { FormData } = await undiciIndex();
      const fd = new FormData();
      for (const p of body.parts) {
        if (p.kind === 'text') {
          if (p.contentType) {
            fd.append(p.name, new Blob([p.value], { type: p.contentType }));
          } else {
            fd.append(p.name, p.value);
          }
          continue;
        }
        const file = await readBodyFile(p.path, cwd);
        fd.append(
          p.name,
          new Blob([Uint8Array.from(file.bytes)], { type: p.contentType ?? 'application/octet-stream' }),
          p.filename ?? file.name,
        );
      }
      return fd;
    }
  }
}
