import type { TItemV1 } from './v1/collection';
import type { TBody } from './v1/common';

/**
 * How a request body names a file stored in its workspace: `src: "stored-file:<id>"` (a formdata file field or a
 * binary body). Server-side sends (Send, saved requests, runs) read it from the workspace's storage; a path
 * anywhere else is never read on the server.
 */
export const STORED_FILE_PREFIX = 'stored-file:';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The file id a body `src` names, or null when it names no stored file. */
export function storedFileId(src: string | undefined): string | null {
  if (src === undefined || !src.startsWith(STORED_FILE_PREFIX)) {
    return null;
  }
  const id = src.slice(STORED_FILE_PREFIX.length);
  return UUID.test(id) ? id.toLowerCase() : null;
}

/** The `src` naming a stored file. */
export function storedFileSrc(id: string): string {
  return `${STORED_FILE_PREFIX}${id}`;
}

/** A body file reference: where it sits (for error messages) and its `src`. */
export interface BodyFileSource {
  field: string;
  src: string;
}

/** Every file a body names (formdata file fields with a `src`, the binary body). */
export function bodyFileSources(body: TBody, at = 'request.body'): BodyFileSource[] {
  if (body.mode === 'binary') {
    return body.file.src === '' ? [] : [{ field: `${at}.file.src`, src: body.file.src }];
  }
  if (body.mode === 'formdata') {
    return body.formdata.flatMap((f, i) =>
      f.type === 'file' && f.src !== undefined && f.src !== ''
        ? [{ field: `${at}.formdata.${i}.src (${f.key})`, src: f.src }]
        : [],
    );
  }
  return [];
}

/** The body with each `src` found in `paths` replaced by its path on disk. */
export function bindBodyFiles(body: TBody, paths: ReadonlyMap<string, string>): TBody {
  if (paths.size === 0) {
    return body;
  }
  if (body.mode === 'binary') {
    const path = paths.get(body.file.src);
    return path === undefined ? body : { mode: 'binary', file: { src: path } };
  }
  if (body.mode === 'formdata') {
    return {
      mode: 'formdata',
      formdata: body.formdata.map((f) => {
        const path = f.type === 'file' && f.src !== undefined ? paths.get(f.src) : undefined;
        return path === undefined ? f : { ...f, src: path };
      }),
    };
  }
  return body;
}

/** Every body file reference in a collection's items (folders walked). */
export function treeFileSources(items: readonly TItemV1[]): string[] {
  return items.flatMap((item) =>
    item.type === 'folder' ? treeFileSources(item.items) : bodyFileSources(item.body).map((s) => s.src),
  );
}

/** The items with every request's body bound to `paths`. */
export function bindTreeFiles(items: readonly TItemV1[], paths: ReadonlyMap<string, string>): TItemV1[] {
  if (paths.size === 0) {
    return [...items];
  }
  return items.map((item) =>
    item.type === 'folder'
      ? { ...item, items: bindTreeFiles(item.items, paths) }
      : { ...item, body: bindBodyFiles(item.body, paths) },
  );
}
