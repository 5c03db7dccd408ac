import { AppError, type TImportUrlResponse, type Transport } from '@apiplay/core';

const TEXT_TYPES = 'application/json, application/yaml, text/yaml, text/plain;q=0.9, */*;q=0.5';

function filenameOf(url: string): string {
  const last =
    new URL(url).pathname
      .split('/')
      .filter((s) => s !== '')
      .pop() ?? '';
  try {
    return decodeURIComponent(last).slice(0, 255) || 'import';
  } catch {
    return last.slice(0, 255) || 'import';
  }
}

/**
 * Fetch a file to import on the server, with the executions' guarded transport: the SSRF policy vets the URL,
 * every resolved address and every redirect hop (a refusal is TARGET_FORBIDDEN), and the body is capped at the
 * import limit. The browser cannot do this itself: the app's CSP (and most sites' CORS) forbid it.
 */
export async function fetchImportUrl(opts: {
  transport: Transport;
  url: string;
  maxBytes: number;
  timeoutMs: number;
}): Promise<TImportUrlResponse> {
  let res: Awaited<ReturnType<Transport['send']>>;
  try {
    res = await opts.transport.send(
      { method: 'GET', url: opts.url, headers: [{ key: 'Accept', value: TEXT_TYPES }] },
      { timeoutMs: opts.timeoutMs, followRedirects: true, maxResponseBytes: opts.maxBytes },
    );
  } catch (error) {
    if (error instanceof AppError) {
      throw error;
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError('UPSTREAM_FAILED', `url: could not fetch it: ${message}`, { field: 'body.url' });
  }
  if (res.status < 200 || res.status > 299) {
    throw new AppError('UPSTREAM_FAILED', `url: the site answered ${res.status} ${res.statusText}`.trim(), {
      field: 'body.url',
      status: res.status,
    });
  }
  if (res.truncated) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `url: the file is larger than ${opts.maxBytes} bytes (IMPORT_MAX_BYTES)`,
    );
  }
  const content = res.bodyEncoding === 'base64' ? Buffer.from(res.body, 'base64').toString('utf8') : res.body;
  const finalUrl =
    res.redirects.length > 0 ? (res.redirects[res.redirects.length - 1]?.url ?? opts.url) : opts.url;
  const type = res.headers.find((h) => h.key.toLowerCase() === 'content-type')?.value ?? null;
  return { content, filename: filenameOf(finalUrl), contentType: type };
}
