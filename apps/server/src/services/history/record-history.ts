import type { TExecution } from '@apiplay/core';
import type { DbOrTx } from '../../db/client';
import { historyEntries } from '../../db/schema';
import type { BlobStorage } from '../../infra/blob-storage';
import type { HistoryWriter } from '../../infra/history-writer';

/**
 * Record one execution (already masked). Bodies up to `inlineMax` bytes stay in the row; a larger body keeps
 * its first `inlineMax` bytes inline and goes whole to file storage.
 */
export async function recordHistory(opts: {
  db: DbOrTx;
  storage: BlobStorage;
  inlineMax: number;
  workspaceId: string;
  userId: string | null;
  requestItemId?: string | null;
  runId?: string | null;
  execution: TExecution;
  /** Queue the row instead of inserting it before returning (direct executions). */
  writer?: HistoryWriter;
}): Promise<string> {
  const { execution } = opts;
  const response = execution.response;
  let body: string | null = null;
  let bodyRef: string | null = null;
  if (response) {
    const encoding = response.bodyEncoding === 'base64' ? 'base64' : 'utf8';
    // Measured without copying: most bodies stay inline, and only a larger one needs its bytes.
    if (Buffer.byteLength(response.body, encoding) <= opts.inlineMax) {
      body = response.body;
    } else {
      const bytes = Buffer.from(response.body, encoding);
      bodyRef = await opts.storage.put(`history/${opts.workspaceId}`, bytes);
      body =
        response.bodyEncoding === 'base64'
          ? bytes.subarray(0, opts.inlineMax).toString('base64')
          : new TextDecoder().decode(bytes.subarray(0, opts.inlineMax));
    }
  }
  const values = {
    workspaceId: opts.workspaceId,
    userId: opts.userId,
    requestItemId: opts.requestItemId ?? null,
    runId: opts.runId ?? null,
    method: execution.request.method,
    url: execution.request.url,
    status: response?.status ?? null,
    durationMs: response ? Math.round(response.timings.total) : null,
    request: execution.request,
    response: response
      ? {
          status: response.status,
          statusText: response.statusText,
          httpVersion: response.httpVersion,
          headers: response.headers,
          bodyEncoding: response.bodyEncoding,
          size: response.size,
          truncated: response.truncated,
          timings: response.timings,
        }
      : null,
    body,
    bodyRef,
    error: execution.error ?? null,
    assertions: execution.assertions,
  };
  if (opts.writer) {
    return opts.writer.add(values);
  }
  const [row] = await opts.db.insert(historyEntries).values(values).returning({ id: historyEntries.id });
  if (!row) {
    throw new Error('history insert returned nothing');
  }
  return row.id;
}
