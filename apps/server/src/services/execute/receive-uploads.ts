import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@apiplay/core';
import { UPLOAD_DIR_PREFIX } from '../../infra/execution/upload-dir';
import { assertPartNames, multipartFailure } from '../../lib/multipart-errors';

export interface ReceivedUploads {
  /** The parsed `payload` field: the same JSON body as the JSON route, validated by the route schema. */
  body: unknown;
  /** Multipart field name (the web's `upload:…` token used as `src`) → absolute path of the saved copy. */
  files: Map<string, string>;
  /** The per-request folder holding them; the caller deletes it when the execution is over. */
  dir: string;
}

/** One part of a multipart body, as the multipart parser hands it over (a field, or a file streaming in). */
export type UploadPart =
  | { type: 'field'; fieldname: string; value: unknown; valueTruncated: boolean }
  | { type: 'file'; fieldname: string; filename: string; file: Readable };

function tooLarge(maxBytes: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `uploads are larger than ${maxBytes} bytes`);
}

/**
 * Read a multipart execute request: the `payload` JSON field plus one file part per picked file, saved into a fresh
 * temp folder. The total size of all files is capped at `maxBytes` (the server's body limit) while streaming; the
 * parser's own limits should be `maxBytes` too (a part it cut short fails with a 413-status error).
 */
export async function receiveUploads(opts: {
  parts: AsyncIterable<UploadPart>;
  maxBytes: number;
}): Promise<ReceivedUploads> {
  const { maxBytes } = opts;
  const dir = await mkdtemp(UPLOAD_DIR_PREFIX);
  const files = new Map<string, string>();
  let payload: string | undefined;
  let total = 0;
  try {
    for await (const part of opts.parts) {
      assertPartNames(part);
      if (part.type === 'field') {
        if (part.valueTruncated) {
          throw tooLarge(maxBytes);
        }
        if (part.fieldname === 'payload') {
          payload = String(part.value);
          total += Buffer.byteLength(payload);
        }
        continue;
      }
      // One sub-folder per file keeps the original file name (the target sees it) without collisions.
      const folder = join(dir, String(files.size));
      await mkdir(folder);
      const path = join(folder, basename(part.filename || 'file') || 'file');
      await pipeline(
        part.file,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            total += chunk.length;
            if (total > maxBytes) {
              throw tooLarge(maxBytes);
            }
            yield chunk;
          }
        },
        createWriteStream(path),
      );
      files.set(part.fieldname, path);
    }
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    if (e instanceof Error && 'statusCode' in e && e.statusCode === 413) {
      throw tooLarge(maxBytes);
    }
    throw multipartFailure(e);
  }
  if (payload === undefined) {
    await rm(dir, { recursive: true, force: true });
    throw new AppError('VALIDATION_FAILED', 'payload: a multipart execute needs a `payload` JSON field');
  }
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    await rm(dir, { recursive: true, force: true });
    throw new AppError('VALIDATION_FAILED', 'payload: not valid JSON');
  }
  return { body, files, dir };
}
