import type { TExecution } from '@apiplay/core';

/**
 * Put the request's own `src` back where the engine wrote the temp path of an uploaded file (the sent request's
 * body text, a FILE_NOT_FOUND message, console or warnings), so neither the result nor history shows server paths.
 */
export function hideUploadPaths(execution: TExecution, uploads: ReadonlyMap<string, string>): TExecution {
  if (uploads.size === 0) {
    return execution;
  }
  let text = JSON.stringify(execution);
  for (const [src, path] of uploads) {
    // Compare JSON-escaped forms: the replacement happens inside JSON string literals.
    text = text.split(JSON.stringify(path).slice(1, -1)).join(JSON.stringify(src).slice(1, -1));
  }
  // The same shape as the input: only string contents changed.
  return JSON.parse(text) as TExecution;
}
