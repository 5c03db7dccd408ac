/** What a secret value looks like wherever it is masked. Sending it back unchanged keeps the stored value. */
export const MASKED_SECRET = '********';

/**
 * Secret values shorter than this are not masked: a 1–3 character value would blank out unrelated text (every
 * `a`, every `200`) and protects little. Documented in the README's secrets section.
 */
export const MIN_SECRET_LENGTH = 4;

/**
 * The secret values to look for, each also as it appears URL-encoded, JSON-escaped and base64-encoded, without
 * values below `MIN_SECRET_LENGTH`, deduplicated, longest first (so a secret that contains another is masked whole).
 * Build it once per execution and pass it to `maskSecrets`.
 */
export function secretPatterns(values: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const value of values) {
    if (value.length < MIN_SECRET_LENGTH) {
      continue;
    }
    out.add(value);
    out.add(encodeURIComponent(value));
    out.add(JSON.stringify(value).slice(1, -1));
    out.add(toBase64(value));
  }
  return [...out].filter((p) => p.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

function toBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) {
    binary += String.fromCharCode(b);
  }
  return btoa(binary);
}

function fromBase64(text: string): string | undefined {
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return new TextDecoder().decode(bytes);
  } catch {
    return undefined;
  }
}

const BASIC = /^(basic\s+)([A-Za-z0-9+/=]+)$/i;

function maskText(text: string, patterns: readonly string[]): string {
  let out = text;
  for (const p of patterns) {
    if (out.includes(p)) {
      out = out.split(p).join(MASKED_SECRET);
    }
  }
  // `Basic base64(user:secret)`: the secret sits inside an encoding of something longer; mask the credential.
  const basic = BASIC.exec(out);
  if (basic) {
    const decoded = fromBase64(basic[2] ?? '');
    if (decoded !== undefined && patterns.some((p) => decoded.includes(p))) {
      return `${basic[1]}${MASKED_SECRET}`;
    }
  }
  return out;
}

function walk(value: unknown, patterns: readonly string[]): unknown {
  if (typeof value === 'string') {
    return maskText(value, patterns);
  }
  if (Array.isArray(value)) {
    return value.map((v) => walk(v, patterns));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      out[key] = walk((value as Record<string, unknown>)[key], patterns);
    }
    return out;
  }
  return value;
}

/**
 * A copy of `value` (a plain JSON-like tree: an execution, a run report, a job result) with every occurrence of
 * every pattern (from `secretPatterns`) replaced by `MASKED_SECRET` in every string, keys and shape kept in order.
 * With no patterns the value itself is returned.
 */
export function maskSecrets<T>(value: T, patterns: readonly string[]): T {
  if (patterns.length === 0) {
    return value;
  }
  // walk() keeps the shape of plain data, so the cast only restores the caller's type.
  return walk(value, patterns) as T;
}
