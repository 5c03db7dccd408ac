import { AppError, storedFileId, type TRequest } from '@apiplay/core';

/**
 * Point the body's file references (formdata `type: 'file'` fields and the binary body) at the uploaded copies,
 * keyed by the multipart field name the web app uses (the `src` token). Any other `src` is refused with a 400
 * naming the field: on the server a path would read the server's own disk, which is never the user's file.
 * `stored-file:<id>` sources stay as they are: the execution reads them from the workspace's storage.
 */
export function bindUploads(request: TRequest, uploads: ReadonlyMap<string, string>): TRequest {
  const body = request.body;
  if (body.mode === 'binary') {
    if (storedFileId(body.file.src) !== null) {
      return request;
    }
    const path = uploads.get(body.file.src);
    if (path === undefined) {
      throw new AppError(
        'VALIDATION_FAILED',
        'request.body.file.src: files must be uploaded with the request (multipart) or stored (stored-file:<id>), not named by path',
      );
    }
    return { ...request, body: { mode: 'binary', file: { src: path } } };
  }
  if (body.mode === 'formdata') {
    const formdata = body.formdata.map((field, i) => {
      if (
        field.type !== 'file' ||
        field.src === undefined ||
        field.src === '' ||
        storedFileId(field.src) !== null
      ) {
        return field;
      }
      const path = uploads.get(field.src);
      if (path === undefined) {
        throw new AppError(
          'VALIDATION_FAILED',
          `request.body.formdata.${i}.src (${field.key}): files must be uploaded with the request (multipart) or stored (stored-file:<id>), not named by path`,
        );
      }
      return { ...field, src: path };
    });
    return { ...request, body: { mode: 'formdata', formdata } };
  }
  return request;
}
