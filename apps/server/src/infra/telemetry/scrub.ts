/** Keys whose values are credentials wherever they appear (headers, cookies, query, bodies, extra data). */
const SENSITIVE_KEY =
  /authorization|cookie|token|password|passwd|secret|api[-_]?key|session|credential|jwt|signature/i;
/** Credentials recognisable by their shape inside free text (messages, URLs, breadcrumbs). */
const SENSITIVE_TEXT: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [Filtered]'],
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, '[Filtered]'], // JWTs
  [/\bapk_[A-Za-z0-9_-]+/g, '[Filtered]'], // our API keys
  [
    /([?&;](?:[^=&#\s]*(?:token|password|secret|key|auth|session|signature)[^=&#\s]*)=)[^&#\s]*/gi,
    '$1[Filtered]',
  ],
];
const FILTERED = '[Filtered]';

function scrubText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SENSITIVE_TEXT) {
    out = out.replace(pattern, replacement);
  }
  return out;
}

/**
 * A copy of an error event (or breadcrumb) without credentials: values under sensitive keys are replaced, and
 * tokens recognisable in text are cut out. Applied to everything sent to Sentry, whatever integration added it.
 */
export function scrubCredentials<T>(value: T, depth = 0): T {
  if (depth > 32) {
    return FILTERED as T;
  }
  if (typeof value === 'string') {
    return scrubText(value) as T;
  }
  if (Array.isArray(value)) {
    return value.map((v) => scrubCredentials(v, depth + 1)) as T;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] =
        SENSITIVE_KEY.test(key) && v !== null && v !== undefined ? FILTERED : scrubCredentials(v, depth + 1);
    }
    return out as T;
  }
  return value;
}
