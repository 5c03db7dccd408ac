import type { TExecuteRequest, TExecuteResponse } from '@apiplay/core';
import { api } from './instance';

/**
 * `POST /api/execute`. Files picked in the editor go as multipart parts named by their `src` token, next to the
 * JSON in a `payload` part (the server validates it with the same contract).
 */
export function executeRequest(
  body: TExecuteRequest,
  opts: { signal?: AbortSignal; files?: ReadonlyMap<string, File> } = {},
): Promise<TExecuteResponse> {
  const files = opts.files ?? new Map<string, File>();
  if (files.size === 0) {
    return api.post<TExecuteResponse>('/api/execute', body, opts.signal ? { signal: opts.signal } : {});
  }
  const form = new FormData();
  form.set('payload', JSON.stringify(body));
  for (const [token, file] of files) {
    form.append(token, file, file.name);
  }
  return api.request<TExecuteResponse>('/api/execute', {
    method: 'POST',
    rawBody: form,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}
