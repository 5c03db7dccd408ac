import type { PreparedHeader } from './types';

/** First value of a header, case-insensitive. */
export function getHeader(headers: readonly PreparedHeader[], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const h of headers) {
    if (h.key.toLowerCase() === lower) {
      return h.value;
    }
  }
  return undefined;
}

export function hasHeader(headers: readonly PreparedHeader[], name: string): boolean {
  return getHeader(headers, name) !== undefined;
}

/** Remove every header named `name` (case-insensitive), in place. */
export function removeHeader(headers: PreparedHeader[], name: string): void {
  const lower = name.toLowerCase();
  for (let i = headers.length - 1; i >= 0; i--) {
    if (headers[i]?.key.toLowerCase() === lower) {
      headers.splice(i, 1);
    }
  }
}

/** Replace any existing value of `name` with one header, in place. */
export function setHeader(headers: PreparedHeader[], name: string, value: string): void {
  removeHeader(headers, name);
  headers.push({ key: name, value });
}

/** UTF-8 safe base64 without Node's Buffer, so the pure core also runs in the browser. */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i++) {
    bin += String.fromCharCode(bytes[i] ?? 0);
  }
  return btoa(bin);
}
