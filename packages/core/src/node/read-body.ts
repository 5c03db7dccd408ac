import { pipeline, Readable, type Transform } from 'node:stream';
import { TransportError } from '../http/types';

export interface ReadBodyResult {
  bytes: Buffer;
  /** Decoded bytes kept (≤ cap). */
  size: number;
  truncated: boolean;
}

function noop(): void {}

const ENCODINGS = new Set(['gzip', 'x-gzip', 'br', 'deflate']);

// "deflate" is meant to be zlib-wrapped (RFC 9110) but some servers send raw deflate; sniff the zlib header.
function isZlibHeader(chunk: Buffer): boolean {
  if (chunk.length < 2) {
    return false;
  }
  const b0 = chunk[0] ?? 0;
  const b1 = chunk[1] ?? 0;
  return (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
}

async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  for (;;) {
    const n = await rest.next();
    if (n.done) {
      return;
    }
    yield n.value;
  }
}

/**
 * Read a response body, decompressing gzip/br/deflate and keeping at most `maxBytes` decoded bytes; past the
 * cap the stream is dropped (the connection with it) and the result is flagged `truncated`.
 */
export async function readBody(
  body: Readable,
  contentEncoding: string,
  maxBytes: number,
): Promise<ReadBodyResult> {
  const enc = contentEncoding.trim().toLowerCase();
  let source: Readable = body;
  let decoder: Transform | undefined;
  // node:zlib is loaded on the first encoded response, not at startup.
  const zlib = ENCODINGS.has(enc) ? await import('node:zlib') : undefined;
  const zc = zlib?.constants;
  if (zlib && zc && (enc === 'gzip' || enc === 'x-gzip')) {
    // SYNC_FLUSH tolerates streams cut short, as browsers and curl do.
    decoder = zlib.createGunzip({ flush: zc.Z_SYNC_FLUSH, finishFlush: zc.Z_SYNC_FLUSH });
  } else if (zlib && zc && enc === 'br') {
    decoder = zlib.createBrotliDecompress({
      flush: zc.BROTLI_OPERATION_FLUSH,
      finishFlush: zc.BROTLI_OPERATION_FLUSH,
    });
  } else if (zlib && zc && enc === 'deflate') {
    const it = body[Symbol.asyncIterator]();
    const first = await it.next();
    if (first.done) {
      return { bytes: Buffer.alloc(0), size: 0, truncated: false };
    }
    const chunk = Buffer.isBuffer(first.value) ? first.value : Buffer.from(first.value);
    decoder = isZlibHeader(chunk)
      ? zlib.createInflate({ flush: zc.Z_SYNC_FLUSH, finishFlush: zc.Z_SYNC_FLUSH })
      : zlib.createInflateRaw({ flush: zc.Z_SYNC_FLUSH, finishFlush: zc.Z_SYNC_FLUSH });
    source = Readable.from(prepend(chunk, it), { objectMode: false });
  }
  // An error of the body itself (aborted, timed out) is never the tolerated empty-gzip case below.
  let bodyFailed = false;
  body.once('error', () => {
    bodyFailed = true;
  });
  // Encoded bytes that arrived: an empty body labelled gzip is tolerated, bytes that do not decode are not.
  let encodedBytes = 0;
  const counted = async function* (src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const c of src) {
      encodedBytes += c.length;
      yield c;
    }
  };
  const stream: Readable = decoder ? pipeline(source, counted, decoder, noop) : source;
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  let inputSeen = false;
  try {
    for await (const raw of stream) {
      inputSeen = true;
      const chunk: Buffer = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
      if (size + chunk.length > maxBytes) {
        const keep = maxBytes - size;
        if (keep > 0) {
          chunks.push(chunk.subarray(0, keep));
          size += keep;
        }
        truncated = true;
        break;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } catch (err) {
    // An empty body labelled gzip (HEAD-like answers) is not an error.
    if (!inputSeen && size === 0 && encodedBytes === 0 && decoder && !bodyFailed) {
      return { bytes: Buffer.alloc(0), size: 0, truncated: false };
    }
    if (decoder && !bodyFailed) {
      throw new TransportError(
        'DECOMPRESSION_FAILED',
        `Could not decode ${enc} body: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    }
    throw err;
  } finally {
    if (truncated) {
      stream.destroy();
      body.destroy();
    }
  }
  return {
    bytes: chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size),
    size,
    truncated,
  };
}

const TEXTUAL =
  /^text\/|[/+](?:json|xml|javascript|ecmascript|x-www-form-urlencoded|graphql|yaml|x-yaml|csv|html|svg\+xml)\b/i;
const CHARSET = /charset\s*=\s*"?([^";\s]+)/i;

/** Text bodies as UTF-8 (or their declared charset); anything binary as base64. */
export function encodeBody(
  bytes: Buffer,
  contentType: string | undefined,
): { body: string; encoding: 'utf8' | 'base64' } {
  if (bytes.length === 0) {
    return { body: '', encoding: 'utf8' };
  }
  if (contentType && TEXTUAL.test(contentType)) {
    const charset = CHARSET.exec(contentType)?.[1]?.toLowerCase();
    if (charset && charset !== 'utf-8' && charset !== 'utf8') {
      try {
        return { body: new TextDecoder(charset).decode(bytes), encoding: 'utf8' };
      } catch {
        // Unknown label: fall through to UTF-8.
      }
    }
    return { body: bytes.toString('utf8'), encoding: 'utf8' };
  }
  if (!contentType) {
    try {
      return { body: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf8' };
    } catch {
      return { body: bytes.toString('base64'), encoding: 'base64' };
    }
  }
  return { body: bytes.toString('base64'), encoding: 'base64' };
}
